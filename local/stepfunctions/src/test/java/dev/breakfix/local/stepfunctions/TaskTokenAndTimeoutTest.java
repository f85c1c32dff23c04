package dev.breakfix.local.stepfunctions;

import static dev.breakfix.local.stepfunctions.Deterministic.FN;
import static dev.breakfix.local.stepfunctions.Deterministic.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TaskTokenAndTimeoutTest {
    /** Waits for the end of a session: stores the token, then resumes on callback or time-out. */
    private static final String WAIT_FOR_END = "{\"StartAt\":\"Wait for the end\",\"States\":{"
            + "\"Wait for the end\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
            + "\"Parameters\":{\"FunctionName\":\"store-token\",\"Payload\":{\"token.$\":\"$$.Task.Token\","
            + "\"session.$\":\"$$.Execution.Name\"}},\"TimeoutSecondsPath\":\"$.secondsLeft\",\"HeartbeatSeconds\":%d,"
            + "\"ResultPath\":\"$.end\",\"Catch\":[{\"ErrorEquals\":[\"States.Timeout\"],\"ResultPath\":\"$.timeout\","
            + "\"Next\":\"Time is up\"}],\"End\":true},\"Time is up\":{\"Type\":\"Pass\",\"End\":true}}}";

    private final List<JsonNode> stored = new CopyOnWriteArrayList<>();

    private TaskResources tokenStore() {
        return new TaskResources().registerFunction("store-token", event -> {
            stored.add(event);
            return json("{\"stored\":true}");
        });
    }

    private String token() {
        return stored.get(stored.size() - 1).get("token").asText();
    }

    @Test
    void sendTaskSuccess_shouldResumeTheExecution_whenTheTokenIsCurrent() {
        try (Deterministic sfn = new Deterministic(tokenStore())) {
            // given
            String arn = sfn.register(String.format(WAIT_FOR_END, 60));
            String execution = sfn.start(arn, "{\"secondsLeft\":600}");
            assertThat(sfn.describe(execution).currentState()).contains("Wait for the end");
            assertThat(stored.get(0).get("session").asText()).isEqualTo(sfn.describe(execution).name());

            // when
            sfn.runner.sendTaskSuccess(token(), "{\"reason\":\"USER\"}");

            // then
            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains(json("{\"secondsLeft\":600,\"end\":{\"reason\":\"USER\"}}"));
            assertThat(sfn.historyTypes(execution)).containsSubsequence(HistoryEventType.TaskScheduled,
                    HistoryEventType.TaskStarted, HistoryEventType.TaskSubmitted, HistoryEventType.TaskSucceeded,
                    HistoryEventType.TaskStateExited, HistoryEventType.ExecutionSucceeded);
        }
    }

    @Test
    void sendTaskFailure_shouldGoThroughRetryAndCatch_whenTheTaskFails() {
        try (Deterministic sfn = new Deterministic(tokenStore())) {
            String arn = sfn.register(String.format(WAIT_FOR_END, 60));
            String execution = sfn.start(arn, "{\"secondsLeft\":600}");

            sfn.runner.sendTaskFailure(token(), Optional.of("Session.Cancelled"), Optional.of("by the user"));

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).contains("Session.Cancelled");
            assertThat(done.cause()).contains("by the user");
        }
    }

    @Test
    void timeout_shouldFireStatesTimeout_whenNoCallbackComesInTime() {
        try (Deterministic sfn = new Deterministic(tokenStore())) {
            // given: 100 s left, heartbeats every 60 s expected
            String arn = sfn.register(String.format(WAIT_FOR_END, 60));
            String execution = sfn.start(arn, "{\"secondsLeft\":100}");
            String token = token();

            // when: heartbeats keep it alive past 60 s, then the deadline passes
            sfn.advance(Duration.ofSeconds(50));
            sfn.runner.sendTaskHeartbeat(token);
            sfn.advance(Duration.ofSeconds(49));
            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            sfn.advance(Duration.ofSeconds(2));

            // then
            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output().orElseThrow().get("timeout").get("Error").asText()).isEqualTo("States.Timeout");
            assertThatThrownBy(() -> sfn.runner.sendTaskSuccess(token, "{}"))
                    .isInstanceOfSatisfying(StepFunctionsException.class,
                            e -> assertThat(e.code()).isEqualTo(StepFunctionsException.Code.TaskTimedOut));
        }
    }

    @Test
    void heartbeat_shouldFailWithHeartbeatTimeout_whenNoHeartbeatComes() {
        try (Deterministic sfn = new Deterministic(tokenStore())) {
            String arn = sfn.register(String.format(WAIT_FOR_END, 10));
            String execution = sfn.start(arn, "{\"secondsLeft\":100}");

            sfn.advance(Duration.ofSeconds(11));

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).contains("States.HeartbeatTimeout");
        }
    }

    @Test
    void sendTaskSuccess_shouldBeRefused_whenTheTokenIsForged() {
        try (Deterministic sfn = new Deterministic(tokenStore())) {
            String arn = sfn.register(String.format(WAIT_FOR_END, 60));
            sfn.start(arn, "{\"secondsLeft\":100}");
            String forged = token().substring(0, token().indexOf('.') + 1) + "AAAA";

            assertThatThrownBy(() -> sfn.runner.sendTaskSuccess(forged, "{}"))
                    .isInstanceOfSatisfying(StepFunctionsException.class,
                            e -> assertThat(e.code()).isEqualTo(StepFunctionsException.Code.TaskTimedOut));
            assertThatThrownBy(() -> sfn.runner.sendTaskSuccess("garbage", "{}"))
                    .isInstanceOfSatisfying(StepFunctionsException.class,
                            e -> assertThat(e.code()).isEqualTo(StepFunctionsException.Code.InvalidToken));
            assertThatThrownBy(() -> sfn.runner.sendTaskSuccess(token(), "{not json"))
                    .isInstanceOfSatisfying(StepFunctionsException.class,
                            e -> assertThat(e.code()).isEqualTo(StepFunctionsException.Code.InvalidOutput));
        }
    }

    @Test
    void sendTaskSuccess_shouldComplete_whenTheCallbackArrivesBeforeTheResourceAnswers() {
        // given: the resource is still running when the callback comes
        HoldingExecutorService held = new HoldingExecutorService();
        try (Deterministic sfn = new Deterministic(tokenStore(), DelayOverrides.NONE, held)) {
            String arn = sfn.register(String.format(WAIT_FOR_END, 60));
            String execution = sfn.start(arn, "{\"secondsLeft\":100}");
            String token = sfn.runner.getExecutionHistory(execution).stream()
                    .filter(e -> e.type() == HistoryEventType.TaskScheduled).findFirst().orElseThrow()
                    .details().get("parameters").get("Payload").get("token").asText();

            // when
            sfn.runner.sendTaskSuccess(token, "{\"early\":true}");
            held.runAll();

            // then: the late answer of the resource changes nothing
            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output().orElseThrow().get("end")).isEqualTo(json("{\"early\":true}"));
        }
    }

    @Test
    void timeout_shouldFireStatesTimeout_whenASynchronousTaskRunsTooLong() {
        HoldingExecutorService held = new HoldingExecutorService();
        TaskResources tasks = new TaskResources().registerFunction("slow", event -> json("{\"late\":true}"));
        try (Deterministic sfn = new Deterministic(tasks, DelayOverrides.NONE, held)) {
            String arn = sfn.register("{\"StartAt\":\"Slow\",\"States\":{\"Slow\":{\"Type\":\"Task\",\"Resource\":\""
                    + FN + "slow\",\"TimeoutSeconds\":5,\"Retry\":[{\"ErrorEquals\":[\"States.TaskFailed\"]}],"
                    + "\"End\":true}}}");
            String execution = sfn.start(arn, "{}");

            sfn.advance(Duration.ofSeconds(5));
            held.runAll();

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).contains("States.Timeout");
            assertThat(sfn.historyTypes(execution)).contains(HistoryEventType.TaskTimedOut);
        }
    }

    @Test
    void task_shouldRunWithTheSessionIdInTheLogContext_whenAHandlerLogs() {
        List<String> seen = new CopyOnWriteArrayList<>();
        TaskResources tasks = new TaskResources().registerFunction("log", event -> {
            seen.add(org.slf4j.MDC.get("sessionId"));
            return Json.object();
        });
        try (Deterministic sfn = new Deterministic(tasks)) {
            String arn = sfn.register("{\"StartAt\":\"Log\",\"States\":{\"Log\":{\"Type\":\"Task\",\"Resource\":\""
                    + FN + "log\",\"End\":true}}}");
            String execution = sfn.runner.startExecution(arn, Optional.of("session-42"), Optional.empty()).executionArn();

            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(seen).containsExactly("session-42");
        }
    }
}
