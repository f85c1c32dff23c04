package dev.breakfix.api.recordings;

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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** GET /api/sessions/{id}/recording and GET /api/replays/{id}, fed API Gateway events. */
class RecordingHandlersTest {
    private static final SessionId FIXTURE_ID = new SessionId("s-0123456789abcdefghjk");
    private static final String CAST = "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1795860000}\n"
            + "[0.5, \"o\", \"admin@web-01:~$ \"]\n";

    private final FixturePlatform platform = new FixturePlatform();

    private void session(String scenario, boolean ended, boolean recorded) {
        platform.sessions.create(Session.requested(FIXTURE_ID, Owner.user("alice"), scenario, FixturePlatform.NOW.minusSeconds(300)));
        platform.sessions.put(FIXTURE_ID, s -> s.movedTo(SessionState.BOOTING));
        platform.sessions.markReady(FIXTURE_ID, FixturePlatform.NOW.minusSeconds(290), FixturePlatform.NOW.plusSeconds(600));
        if (ended) {
            platform.sessions.put(FIXTURE_ID, s -> s.movedTo(SessionState.ENDING).ended(FixturePlatform.NOW, EndReason.USER));
        }
        if (recorded) {
            platform.recordings.putChunk(FIXTURE_ID, 0, CAST.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String errorCode(APIGatewayProxyResponseEvent response) throws Exception {
        JsonNode body = ApiResponses.JSON.readTree(response.getBody());
        return body.path("error").path("code").asText();
    }

    @ParameterizedTest
    @Event(value = "events/get-recording.json", type = APIGatewayProxyRequestEvent.class)
    void recording_shouldAnswerTheAsciicast_toTheOwner_evenWhileTheSessionRuns(APIGatewayProxyRequestEvent event) {
        // given a running session of a scenario whose replays are private
        session("disk-full", false, true);

        // when
        APIGatewayProxyResponseEvent response = new GetRecordingHandler(platform).handleRequest(event, null);

        // then
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/x-asciicast; charset=utf-8")
                .containsEntry("Cache-Control", "private, no-store");
        assertThat(response.getBody()).isEqualTo(CAST);
    }

    @ParameterizedTest
    @Event(value = "events/get-recording-as-bob.json", type = APIGatewayProxyRequestEvent.class)
    void recording_shouldAnswer404_toAnyoneElse_evenForAPublicScenario(APIGatewayProxyRequestEvent event) throws Exception {
        session("nginx-down", true, true);

        APIGatewayProxyResponseEvent response = new GetRecordingHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(errorCode(response)).isEqualTo("NOT_FOUND");
    }

    @ParameterizedTest
    @Event(value = "events/get-recording.json", type = APIGatewayProxyRequestEvent.class)
    void recording_shouldAnswer404RecordingNotFound_whenNoTerminalWasOpened(APIGatewayProxyRequestEvent event) throws Exception {
        session("disk-full", true, false);

        APIGatewayProxyResponseEvent response = new GetRecordingHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(errorCode(response)).isEqualTo("RECORDING_NOT_FOUND");
    }

    @ParameterizedTest
    @Event(value = "events/get-recording.json", type = APIGatewayProxyRequestEvent.class)
    void recording_shouldRedirectToALink_whenTooLargeToSendInline(APIGatewayProxyRequestEvent event) {
        // given a recording larger than a response may carry, stored whole
        session("disk-full", true, true);
        platform.inlineLimitBytes = 10;
        platform.linksAvailable = true;

        // when
        APIGatewayProxyResponseEvent response = new GetRecordingHandler(platform).handleRequest(event, null);

        // then
        assertThat(response.getStatusCode()).isEqualTo(302);
        assertThat(response.getHeaders().get("Location")).startsWith("https://recordings.example/" + FIXTURE_ID.value());
    }

    @ParameterizedTest
    @Event(value = "events/get-recording.json", type = APIGatewayProxyRequestEvent.class)
    void recording_shouldAnswer409_whenTooLargeAndNotYetStoredWhole(APIGatewayProxyRequestEvent event) throws Exception {
        session("disk-full", false, true);
        platform.inlineLimitBytes = 10;

        APIGatewayProxyResponseEvent response = new GetRecordingHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(errorCode(response)).isEqualTo("RECORDING_NOT_READY");
    }

    @ParameterizedTest
    @Event(value = "events/get-replay.json", type = APIGatewayProxyRequestEvent.class)
    void replay_shouldAnswerTheAsciicast_withoutSignIn_forAnEndedSessionOfAPublicScenario(APIGatewayProxyRequestEvent event) {
        session("nginx-down", true, true);

        APIGatewayProxyResponseEvent response = new GetReplayHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/x-asciicast; charset=utf-8");
        assertThat(response.getBody()).isEqualTo(CAST);
    }

    @ParameterizedTest
    @Event(value = "events/get-replay.json", type = APIGatewayProxyRequestEvent.class)
    void replay_shouldAnswerTheSame404_forAPrivateScenario_aRunningSession_orNoSessionAtAll(APIGatewayProxyRequestEvent event)
            throws Exception {
        // given three kinds of "not a public replay"
        APIGatewayProxyResponseEvent unknown = new GetReplayHandler(platform).handleRequest(event, null);
        session("disk-full", true, true);
        APIGatewayProxyResponseEvent privateOne = new GetReplayHandler(platform).handleRequest(event, null);
        FixturePlatform running = new FixturePlatform();
        running.sessions.create(Session.requested(FIXTURE_ID, Owner.user("alice"), "nginx-down", FixturePlatform.NOW));
        running.recordings.putChunk(FIXTURE_ID, 0, CAST.getBytes(StandardCharsets.UTF_8));
        APIGatewayProxyResponseEvent runningOne = new GetReplayHandler(running).handleRequest(event, null);

        // then they cannot be told apart
        for (APIGatewayProxyResponseEvent response : new APIGatewayProxyResponseEvent[] {unknown, privateOne, runningOne}) {
            assertThat(response.getStatusCode()).isEqualTo(404);
            assertThat(response.getBody()).isEqualTo(unknown.getBody());
        }
        assertThat(errorCode(unknown)).isEqualTo("NOT_FOUND");
    }

    @Test
    void replay_shouldAnswer404_forAnIdThatCannotBeOne() {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("events/get-replay.json");
        event.setPathParameters(Map.of("id", "../../recordings/s-0123456789abcdefghjk"));

        assertThat(new GetReplayHandler(platform).handleRequest(event, null).getStatusCode()).isEqualTo(404);
    }
}
