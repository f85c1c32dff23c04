package dev.breakfix.aws.stepfunctions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.breakfix.aws.RecordedAws.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.breakfix.aws.RecordedAws;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.SessionId;
import dev.breakfix.workflow.Workflows.SessionStart;
import dev.breakfix.workflow.Workflows.Signal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * StepFunctionsWorkflows against recorded Step Functions (JSON 1.0 protocol) answers: the requests it
 * sends, and how it reads answers and errors. See src/test/README.md for what this proves and not.
 */
class StepFunctionsWorkflowsTest {
    @RegisterExtension
    static final WireMockExtension SFN = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:111122223333:stateMachine:breakfix-session";
    private static final SessionStart START = new SessionStart(new SessionId("s-0123456789abcdefghjk"),
            "nginx-wont-start", "user#8f1c2a3b-4d5e-6f70-8192-a3b4c5d6e7f8", 900, Instant.parse("2026-11-28T10:50:00Z"));

    private final StepFunctionsWorkflows workflows = StepFunctionsWorkflows.builder()
            .sfnClient(RecordedAws.sfn(SFN.baseUrl()))
            .stateMachineArn(STATE_MACHINE)
            .build();

    @Test
    void start_shouldStartAnExecutionNamedAfterTheSession_whenCalled() throws Exception {
        // given
        answer("StartExecution", 200, "stepfunctions/start-execution.json");

        // when
        workflows.start(START);

        // then
        JsonNode sent = only("StartExecution");
        assertThat(sent.get("stateMachineArn").asText()).isEqualTo(STATE_MACHINE);
        assertThat(sent.get("name").asText()).isEqualTo("s-0123456789abcdefghjk");
        assertThat(JSON.readTree(sent.get("input").asText())).isEqualTo(JSON.readTree("""
                {"sessionId": "s-0123456789abcdefghjk", "scenarioId": "nginx-wont-start",
                 "owner": "user#8f1c2a3b-4d5e-6f70-8192-a3b4c5d6e7f8", "timeLimitSeconds": 900,
                 "deadline": "2026-11-28T10:50:00.000Z"}"""));
    }

    @Test
    void start_shouldSendTheSameInput_whenTheSameSessionStartsTwice() {
        // given: Step Functions treats the same name and input as the same execution
        answer("StartExecution", 200, "stepfunctions/start-execution.json");

        // when
        workflows.start(START);
        workflows.start(START);

        // then
        List<JsonNode> sent = sent("StartExecution");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).get("input").asText()).isEqualTo(sent.get(1).get("input").asText());
    }

    @Test
    void start_shouldBeHarmless_whenTheExecutionAlreadyExists() {
        // given: the execution of that name has finished (or had another input)
        answer("StartExecution", 400, "stepfunctions/execution-already-exists.json");

        // when / then: no exception
        workflows.start(START);
        assertThat(sent("StartExecution")).hasSize(1);
    }

    @Test
    void start_shouldThrow_whenTheStateMachineDoesNotExist() {
        // given
        answer("StartExecution", 400, "stepfunctions/state-machine-does-not-exist.json");

        // when / then
        assertThatThrownBy(() -> workflows.start(START)).isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void resume_shouldSendTaskSuccessWithTheEndAction_whenTheSessionEnds() throws Exception {
        // given
        answer("SendTaskSuccess", 200, "stepfunctions/send-task-success.json");

        // when
        boolean resumed = workflows.resume("AAAAKgAAAAIAAAAAAAAAAQ-token", new Signal.End(EndReason.SOLVED_AND_ENDED));

        // then
        assertThat(resumed).isTrue();
        JsonNode sent = only("SendTaskSuccess");
        assertThat(sent.get("taskToken").asText()).isEqualTo("AAAAKgAAAAIAAAAAAAAAAQ-token");
        assertThat(JSON.readTree(sent.get("output").asText()))
                .isEqualTo(JSON.readTree("{\"action\": \"END\", \"reason\": \"SOLVED_AND_ENDED\"}"));
    }

    @Test
    void resume_shouldSendTheNewDeadline_whenTheSessionIsExtended() throws Exception {
        // given
        answer("SendTaskSuccess", 200, "stepfunctions/send-task-success.json");

        // when
        boolean resumed = workflows.resume("token-2", new Signal.Extend(Instant.parse("2026-11-28T10:45:00Z"), 1500));

        // then
        assertThat(resumed).isTrue();
        assertThat(JSON.readTree(only("SendTaskSuccess").get("output").asText())).isEqualTo(JSON.readTree(
                "{\"action\": \"EXTEND\", \"expiresAt\": \"2026-11-28T10:45:00.000Z\", \"secondsLeft\": 1500}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"task-timed-out.json", "invalid-token.json", "task-does-not-exist.json"})
    void resume_shouldReturnFalse_whenTheTokenIsNoLongerWaitedOn(String answer) {
        // given
        answer("SendTaskSuccess", 400, "stepfunctions/" + answer);

        // when
        boolean resumed = workflows.resume("old-token", new Signal.End(EndReason.USER));

        // then
        assertThat(resumed).isFalse();
        assertThat(sent("SendTaskSuccess")).hasSize(1);
    }

    @Test
    void builder_shouldRefuse_whenTheStateMachineIsMissing() {
        assertThatThrownBy(() -> StepFunctionsWorkflows.builder().sfnClient(RecordedAws.sfn(SFN.baseUrl())).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void answer(String operation, int status, String body) {
        SFN.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody(recorded(body))));
    }

    private static List<JsonNode> sent(String operation) {
        return SFN.findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation))).stream()
                .map(StepFunctionsWorkflowsTest::body)
                .toList();
    }

    private static JsonNode only(String operation) {
        List<LoggedRequest> requests = SFN.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation)));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/x-amz-json-1.0");
        return body(requests.get(0));
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
