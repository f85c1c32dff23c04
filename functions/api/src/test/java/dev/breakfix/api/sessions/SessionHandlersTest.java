package dev.breakfix.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.FixturePlatform;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.workflow.Workflows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The session handlers, fed real API Gateway events (with the authorizer's context) from test resources. */
class SessionHandlersTest {
    /** The session id in the event fixtures. */
    private static final SessionId FIXTURE_ID = new SessionId("s-0123456789abcdefghjk");

    private final FixturePlatform platform = new FixturePlatform();

    private Session readyFixtureSession() {
        Session s = Session.requested(FIXTURE_ID, Owner.user("alice"), "nginx-down", FixturePlatform.NOW.minusSeconds(30));
        platform.sessions.create(s);
        platform.sessions.put(FIXTURE_ID, x -> x.movedTo(SessionState.BOOTING));
        return platform.sessions.markReady(FIXTURE_ID, FixturePlatform.NOW.minusSeconds(20),
                FixturePlatform.NOW.plusSeconds(880)).orElseThrow();
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return ApiResponses.JSON.readTree(response.getBody());
    }

    private static String errorCode(APIGatewayProxyResponseEvent response) throws Exception {
        return body(response).path("error").path("code").asText();
    }

    @ParameterizedTest
    @Event(value = "events/start-session.json", type = APIGatewayProxyRequestEvent.class)
    void start_shouldAnswer202WithTheRequestedSession_andStartItsWorkflow(APIGatewayProxyRequestEvent event)
            throws Exception {
        APIGatewayProxyResponseEvent response = new StartSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode session = body(response);
        assertThat(session.get("state").asText()).isEqualTo("REQUESTED");
        assertThat(session.get("scenarioId").asText()).isEqualTo("nginx-down");
        assertThat(session.get("progress").get("stage").asText()).isEqualTo("Reserving a server");
        assertThat(session.has("waitToken")).isFalse();
        assertThat(response.getHeaders()).containsEntry("Location", "/api/sessions/" + session.get("id").asText());
        assertThat(platform.workflows.started).singleElement()
                .satisfies(start -> assertThat(start.owner()).isEqualTo("user#alice"));
    }

    @ParameterizedTest
    @Event(value = "events/start-session.json", type = APIGatewayProxyRequestEvent.class)
    void start_shouldAnswer409NamingTheActiveSession_whenTheCallerHasOne(APIGatewayProxyRequestEvent event)
            throws Exception {
        StartSessionHandler handler = new StartSessionHandler(platform);
        String first = body(handler.handleRequest(event, null)).get("id").asText();

        APIGatewayProxyResponseEvent second = handler.handleRequest(event, null);

        assertThat(second.getStatusCode()).isEqualTo(409);
        assertThat(errorCode(second)).isEqualTo("ACTIVE_SESSION_EXISTS");
        assertThat(body(second).path("error").path("sessionId").asText()).isEqualTo(first);
    }

    @ParameterizedTest
    @Event(value = "events/start-session.json", type = APIGatewayProxyRequestEvent.class)
    void start_shouldAnswer429WithRetryAfter_whenEveryServerIsBusy(APIGatewayProxyRequestEvent event) throws Exception {
        platform.running = platform.maxRunningServers();

        APIGatewayProxyResponseEvent response = new StartSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(errorCode(response)).isEqualTo("CAPACITY");
        assertThat(response.getHeaders()).containsEntry("Retry-After", "60");
    }

    @ParameterizedTest
    @Event(value = "events/start-session-malformed.json", type = APIGatewayProxyRequestEvent.class)
    void start_shouldAnswer400AndStoreNothing_whenTheBodyIsNotJson(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = new StartSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo("MALFORMED_JSON");
        assertThat(platform.workflows.started).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/start-session-unknown-scenario.json", type = APIGatewayProxyRequestEvent.class)
    void start_shouldAnswer404_forAnUnknownScenario(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = new StartSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(errorCode(response)).isEqualTo("SCENARIO_NOT_FOUND");
    }

    @ParameterizedTest
    @Event(value = "events/start-session-no-caller.json", type = APIGatewayProxyRequestEvent.class)
    void start_shouldAnswer401_whenNoAuthorizerEstablishedACaller(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = new StartSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(errorCode(response)).isEqualTo("UNAUTHORIZED");
    }

    @ParameterizedTest
    @Event(value = "events/get-session.json", type = APIGatewayProxyRequestEvent.class)
    void get_shouldShowTheOwnersSession(APIGatewayProxyRequestEvent event) throws Exception {
        readyFixtureSession();

        APIGatewayProxyResponseEvent response = new GetSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode session = body(response);
        assertThat(session.get("state").asText()).isEqualTo("READY");
        assertThat(session.get("expiresAt").asText()).isEqualTo(FixturePlatform.NOW.plusSeconds(880).toString());
        assertThat(session.get("solved").asBoolean()).isFalse();
        assertThat(session.get("endedAt").isNull()).isTrue();
    }

    @ParameterizedTest
    @Event(value = "events/get-session-as-bob.json", type = APIGatewayProxyRequestEvent.class)
    void get_shouldAnswer404_forSomeoneElsesSession(APIGatewayProxyRequestEvent event) throws Exception {
        readyFixtureSession();

        APIGatewayProxyResponseEvent response = new GetSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(errorCode(response)).isEqualTo("NOT_FOUND");
    }

    @Test
    void get_shouldAnswer404_forAnIdThatCannotBeOne() throws Exception {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("events/get-session.json");
        event.setPathParameters(java.util.Map.of("id", "../../etc/passwd"));

        assertThat(new GetSessionHandler(platform).handleRequest(event, null).getStatusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @Event(value = "events/list-sessions.json", type = APIGatewayProxyRequestEvent.class)
    void list_shouldPageTheCallersSessionsNewestFirst(APIGatewayProxyRequestEvent event) throws Exception {
        for (int i = 0; i < 3; i++) {
            platform.sessions.create(Session.requested(SessionId.random(), Owner.user("alice"), "nginx-down",
                    FixturePlatform.NOW.plusSeconds(i)));
        }
        platform.sessions.create(Session.requested(SessionId.random(), Owner.user("bob"), "nginx-down", FixturePlatform.NOW));

        JsonNode page = body(new ListSessionsHandler(platform).handleRequest(event, null));

        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("createdAt").asText())
                .isEqualTo(FixturePlatform.NOW.plusSeconds(2).toString());
        assertThat(page.get("next").isTextual()).isTrue();
    }

    @Test
    void list_shouldAnswer400_forABadLimitOrCursor() throws Exception {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("events/list-sessions.json");
        event.setQueryStringParameters(java.util.Map.of("limit", "5000"));
        assertThat(errorCode(new ListSessionsHandler(platform).handleRequest(event, null))).isEqualTo("BAD_LIMIT");

        event.setQueryStringParameters(java.util.Map.of("cursor", "forged"));
        assertThat(errorCode(new ListSessionsHandler(platform).handleRequest(event, null))).isEqualTo("BAD_CURSOR");
    }

    @ParameterizedTest
    @Event(value = "events/end-session.json", type = APIGatewayProxyRequestEvent.class)
    void end_shouldAnswer202_andResumeTheWorkflow(APIGatewayProxyRequestEvent event) throws Exception {
        readyFixtureSession();
        platform.sessions.storeWaitToken(FIXTURE_ID, "token-1");
        platform.workflows.waitingOn("token-1");

        APIGatewayProxyResponseEvent response = new EndSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(body(response).get("endRequested").asBoolean()).isTrue();
        assertThat(platform.workflows.signals).containsExactly(new Workflows.Signal.End(EndReason.USER));
    }

    @ParameterizedTest
    @Event(value = "events/check-session.json", type = APIGatewayProxyRequestEvent.class)
    void check_shouldReportTheOutcome_andEndWhenSolvedIfAsked(APIGatewayProxyRequestEvent event) throws Exception {
        readyFixtureSession();
        platform.sessions.storeWaitToken(FIXTURE_ID, "token-1");
        platform.workflows.waitingOn("token-1");
        platform.serverFixed = true;

        JsonNode outcome = body(new CheckSessionHandler(platform).handleRequest(event, null));

        assertThat(outcome.get("solved").asBoolean()).isTrue();
        assertThat(outcome.get("message").asText()).isEqualTo("nginx answers on port 80");
        assertThat(outcome.get("ending").asBoolean()).isTrue();
        assertThat(platform.workflows.signals).containsExactly(new Workflows.Signal.End(EndReason.SOLVED_AND_ENDED));
    }

    @ParameterizedTest
    @Event(value = "events/check-session.json", type = APIGatewayProxyRequestEvent.class)
    void check_shouldAnswer429WithRetryAfter_whenChecksComeTooFast(APIGatewayProxyRequestEvent event) throws Exception {
        readyFixtureSession();
        CheckSessionHandler handler = new CheckSessionHandler(platform);
        handler.handleRequest(event, null);

        APIGatewayProxyResponseEvent second = handler.handleRequest(event, null);

        assertThat(second.getStatusCode()).isEqualTo(429);
        assertThat(errorCode(second)).isEqualTo("TOO_MANY_CHECKS");
        assertThat(second.getHeaders()).containsKey("Retry-After");
    }

    @ParameterizedTest
    @Event(value = "events/check-session.json", type = APIGatewayProxyRequestEvent.class)
    void check_shouldAnswer409_whenTheServerIsNotReady(APIGatewayProxyRequestEvent event) throws Exception {
        platform.sessions.create(Session.requested(FIXTURE_ID, Owner.user("alice"), "nginx-down", FixturePlatform.NOW));

        APIGatewayProxyResponseEvent response = new CheckSessionHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(errorCode(response)).isEqualTo("NOT_READY");
    }

    @ParameterizedTest
    @Event(value = "events/reveal-hint.json", type = APIGatewayProxyRequestEvent.class)
    void hints_shouldRevealInOrder_then409(APIGatewayProxyRequestEvent event) throws Exception {
        readyFixtureSession();
        RevealHintHandler handler = new RevealHintHandler(platform);

        JsonNode first = body(handler.handleRequest(event, null));
        JsonNode second = body(handler.handleRequest(event, null));
        APIGatewayProxyResponseEvent third = handler.handleRequest(event, null);

        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("text").asText()).isEqualTo("Ask systemd why it failed.");
        assertThat(second.get("index").asInt()).isEqualTo(1);
        assertThat(third.getStatusCode()).isEqualTo(409);
        assertThat(errorCode(third)).isEqualTo("NO_MORE_HINTS");
    }

    @ParameterizedTest
    @Event(value = "events/extend-session.json", type = APIGatewayProxyRequestEvent.class)
    void extend_shouldAnswerTheNewDeadline(APIGatewayProxyRequestEvent event) throws Exception {
        readyFixtureSession();

        JsonNode extended = body(new ExtendSessionHandler(platform).handleRequest(event, null));

        assertThat(extended.get("expiresAt").asText()).isEqualTo(FixturePlatform.NOW.plusSeconds(880 + 600).toString());
    }
}
