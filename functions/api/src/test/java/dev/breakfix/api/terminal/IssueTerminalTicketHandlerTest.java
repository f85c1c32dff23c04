package dev.breakfix.api.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.FixturePlatform;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.terminal.TerminalTickets;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;

/** POST /api/sessions/{id}/terminal, fed API Gateway events with the authorizer's context. */
class IssueTerminalTicketHandlerTest {
    private static final SessionId FIXTURE_ID = new SessionId("s-0123456789abcdefghjk");

    private final FixturePlatform platform = new FixturePlatform();

    private void session(SessionState upTo) {
        platform.sessions.create(Session.requested(FIXTURE_ID, Owner.user("alice"), "nginx-down",
                FixturePlatform.NOW.minusSeconds(30)));
        if (upTo == SessionState.REQUESTED) {
            return;
        }
        platform.sessions.put(FIXTURE_ID, s -> s.movedTo(SessionState.BOOTING));
        if (upTo == SessionState.READY) {
            platform.sessions.markReady(FIXTURE_ID, FixturePlatform.NOW.minusSeconds(20), FixturePlatform.NOW.plusSeconds(880));
        }
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return ApiResponses.JSON.readTree(response.getBody());
    }

    @ParameterizedTest
    @Event(value = "events/issue-terminal-ticket.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswerARelativeTerminalUrlWithASingleUseTicket_forTheOwnerOfAReadySession(
            APIGatewayProxyRequestEvent event) throws Exception {
        // given
        session(SessionState.READY);

        // when
        APIGatewayProxyResponseEvent response = new IssueTerminalTicketHandler(platform).handleRequest(event, null);

        // then
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
        JsonNode answer = body(response);
        URI url = URI.create(answer.get("url").asText());
        assertThat(url.isAbsolute()).isFalse();
        assertThat(url.getPath()).isEqualTo("/term/" + FIXTURE_ID.value());
        String ticket = URLDecoder.decode(url.getRawQuery().substring("ticket=".length()), StandardCharsets.UTF_8);
        assertThat(platform.terminalTickets.verify(ticket, FIXTURE_ID))
                .isInstanceOfSatisfying(TerminalTickets.Verification.Valid.class, valid ->
                        assertThat(platform.terminalTickets.issuedTo(valid.ticket(), Owner.user("alice"))).isTrue());
        assertThat(answer.get("expiresAt").asText())
                .isEqualTo(FixturePlatform.NOW.plus(TerminalTickets.LIFETIME).toString());
    }

    @ParameterizedTest
    @Event(value = "events/issue-terminal-ticket-as-bob.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswer404_forSomeoneElsesSession(APIGatewayProxyRequestEvent event) throws Exception {
        session(SessionState.READY);

        APIGatewayProxyResponseEvent response = new IssueTerminalTicketHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(body(response).path("error").path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @ParameterizedTest
    @Event(value = "events/issue-terminal-ticket.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswer409_whileTheServerIsStillBooting(APIGatewayProxyRequestEvent event) throws Exception {
        session(SessionState.BOOTING);

        APIGatewayProxyResponseEvent response = new IssueTerminalTicketHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(body(response).path("error").path("code").asText()).isEqualTo("NOT_READY");
        assertThat(body(response).path("error").path("message").asText()).contains("booting");
    }

    @ParameterizedTest
    @Event(value = "events/issue-terminal-ticket.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswer409_onceTheOwnerAskedToEnd(APIGatewayProxyRequestEvent event) throws Exception {
        session(SessionState.READY);
        platform.sessions.requestEnd(FIXTURE_ID, EndReason.USER);

        APIGatewayProxyResponseEvent response = new IssueTerminalTicketHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(409);
    }

    @ParameterizedTest
    @Event(value = "events/issue-terminal-ticket.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswer404_forAnUnknownSession(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = new IssueTerminalTicketHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
    }
}
