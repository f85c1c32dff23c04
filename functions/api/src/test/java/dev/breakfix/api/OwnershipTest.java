package dev.breakfix.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.ApiRoutes.Access;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nobody reaches anything of anyone else's, through every route of the table that names a session —
 * the ones there now and any added later: another owner is told the session does not exist (404),
 * exactly as for an id that was never used, and nothing of the session changes.
 */
class OwnershipTest {
    private static final Owner ALICE = Owner.user("6f1d2a8e-alice");
    private static final Owner BOB = Owner.user("0c9b7e52-bob");
    private static final Owner P_FOR_ANN = Owner.partner("ptn-pppppppppppppppp", "ann");
    private static final Owner P_FOR_BEN = Owner.partner("ptn-pppppppppppppppp", "ben");
    private static final Owner P_ITSELF = Owner.partner("ptn-pppppppppppppppp", "");
    private static final Owner Q_FOR_ANN = Owner.partner("ptn-qqqqqqqqqqqqqqqq", "ann");

    private final FixturePlatform platform = new FixturePlatform();

    private Session readyOf(Owner owner) {
        Session s = Session.requested(SessionId.random(), owner, "nginx-down", FixturePlatform.NOW.minusSeconds(30));
        platform.sessions.create(s);
        platform.sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));
        Session ready = platform.sessions.markReady(s.id(), FixturePlatform.NOW.minusSeconds(20),
                FixturePlatform.NOW.plusSeconds(880)).orElseThrow();
        platform.recordings.putChunk(s.id(), 0, "{\"version\":2}\n".getBytes(StandardCharsets.UTF_8));
        return ready;
    }

    /** Every route that needs a caller and names a session in its path. */
    private static List<Route> sessionRoutes() {
        return ApiRoutes.ALL.stream().filter(r -> r.access() == Access.CALLER && r.path().contains("{id}")).toList();
    }

    private APIGatewayProxyResponseEvent call(Route route, Owner caller, String sessionId) {
        Map<String, Object> authorizer = new HashMap<>();
        authorizer.put(Requests.OWNER_KIND, caller.kind().name());
        authorizer.put(Requests.OWNER_ID, caller.id());
        if (!caller.candidate().isEmpty()) {
            authorizer.put(Requests.CANDIDATE, caller.candidate());
        }
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(route.method())
                .withResource(route.path())
                .withPath(route.path().replace("{id}", sessionId))
                .withPathParameters(Map.of("id", sessionId))
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(route.method().equals("POST") ? "{}" : null)
                .withRequestContext(context(authorizer));
        return route.create().apply(platform).handleRequest(event, null);
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return ApiResponses.JSON.readTree(response.getBody());
    }

    @Test
    void sessionRoutes_shouldIncludeEverythingTheIssueNames() {
        assertThat(sessionRoutes()).extracting(r -> r.method() + " " + r.path()).contains(
                "GET /api/sessions/{id}", "DELETE /api/sessions/{id}", "POST /api/sessions/{id}/check",
                "POST /api/sessions/{id}/hints", "POST /api/sessions/{id}/extend", "POST /api/sessions/{id}/terminal",
                "GET /api/sessions/{id}/recording");
    }

    @Test
    void bob_shouldNotSeeCheckEndExtendHintOpenOrReplayAlicesSession() throws Exception {
        Session alices = readyOf(ALICE);
        String unknown = SessionId.random().value();

        for (Route route : sessionRoutes()) {
            APIGatewayProxyResponseEvent asBob = call(route, BOB, alices.id().value());
            APIGatewayProxyResponseEvent neverUsed = call(route, BOB, unknown);

            assertThat(asBob.getStatusCode()).as(route.method() + " " + route.path()).isEqualTo(404);
            // the same answer as for an id that was never used: nothing tells bob it exists
            assertThat(body(asBob)).as(route.method() + " " + route.path()).isEqualTo(body(neverUsed));
        }
        assertThat(platform.sessions.find(alices.id())).contains(alices);
        assertThat(platform.workflows.signals).isEmpty();
    }

    @Test
    void alice_shouldReachHerOwnSession_throughTheSameRoutes() {
        Session alices = readyOf(ALICE);

        assertThat(call(route("GET", "/api/sessions/{id}"), ALICE, alices.id().value()).getStatusCode()).isEqualTo(200);
        assertThat(call(route("GET", "/api/sessions/{id}/recording"), ALICE, alices.id().value()).getStatusCode()).isEqualTo(200);
        assertThat(call(route("POST", "/api/sessions/{id}/terminal"), ALICE, alices.id().value()).getStatusCode()).isIn(200, 201);
    }

    @Test
    void partnerQ_shouldNotSeeOrListPartnerPsSessions() throws Exception {
        Session forAnn = readyOf(P_FOR_ANN);

        for (Route route : sessionRoutes()) {
            assertThat(call(route, Q_FOR_ANN, forAnn.id().value()).getStatusCode())
                    .as(route.method() + " " + route.path()).isEqualTo(404);
        }
        APIGatewayProxyResponseEvent list = call(route("GET", "/api/sessions"), Owner.partner(Q_FOR_ANN.id(), ""), "");
        assertThat(body(list).get("items")).isEmpty();
        assertThat(platform.sessions.find(forAnn.id())).contains(forAnn);
    }

    @Test
    void partnerP_shouldReachEverySessionItCreated_andListThemAll() throws Exception {
        Session forAnn = readyOf(P_FOR_ANN);
        Session forBen = readyOf(P_FOR_BEN);

        assertThat(call(route("GET", "/api/sessions/{id}"), P_FOR_BEN, forAnn.id().value()).getStatusCode()).isEqualTo(200);
        assertThat(call(route("GET", "/api/sessions/{id}/recording"), P_ITSELF, forAnn.id().value()).getStatusCode()).isEqualTo(200);
        JsonNode all = body(call(route("GET", "/api/sessions"), P_ITSELF, ""));
        assertThat(all.get("items")).extracting(item -> item.get("id").asText())
                .containsExactlyInAnyOrder(forAnn.id().value(), forBen.id().value());
        assertThat(all.get("items")).extracting(item -> item.get("candidate").asText()).containsExactlyInAnyOrder("ann", "ben");
        JsonNode bens = body(call(route("GET", "/api/sessions"), P_FOR_BEN, ""));
        assertThat(bens.get("items")).extracting(item -> item.get("id").asText()).containsExactly(forBen.id().value());
    }

    @Test
    void partner_shouldBeToldToNameACandidate_whenStartingASession() throws Exception {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/api/sessions").withBody("{\"scenarioId\":\"nginx-down\"}")
                .withRequestContext(context(Map.of(Requests.OWNER_KIND, "PARTNER", Requests.OWNER_ID, P_ITSELF.id())));

        APIGatewayProxyResponseEvent response = route("POST", "/api/sessions").create().apply(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).path("error").path("code").asText()).isEqualTo("CANDIDATE_REQUIRED");
    }

    private static ProxyRequestContext context(Map<String, Object> authorizer) {
        ProxyRequestContext context = new ProxyRequestContext();
        context.setAuthorizer(authorizer);
        return context;
    }

    private static Route route(String method, String path) {
        return ApiRoutes.ALL.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst().orElseThrow();
    }
}
