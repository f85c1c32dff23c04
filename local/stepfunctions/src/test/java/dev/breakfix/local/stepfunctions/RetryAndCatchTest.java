package dev.breakfix.local.stepfunctions;

import static dev.breakfix.local.stepfunctions.Deterministic.FN;
import static dev.breakfix.local.stepfunctions.Deterministic.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.tasks.TaskFailure;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryAndCatchTest {

    /** A function that fails with the given errors in turn, then answers with its call count. */
    private static TaskResources failing(List<String> errors, List<Integer> retryCounts) {
        AtomicInteger calls = new AtomicInteger();
        return new TaskResources().registerFunction("flaky", event -> {
            int call = calls.getAndIncrement();
            retryCounts.add(event.path("retry").asInt(-1));
            if (call < errors.size()) {
                throw new TaskFailure(errors.get(call), "call " + call + " failed");
            }
            return json("{\"calls\":" + (call + 1) + "}");
        });
    }

    private static String machine(String retry, String catchField) {
        return "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"" + FN + "flaky\","
                + "\"Parameters\":{\"retry.$\":\"$$.State.RetryCount\"},\"Retry\":" + retry
                + (catchField.equals("[]") ? "" : ",\"Catch\":" + catchField) + ",\"End\":true}"
                + (catchField.equals("[]") ? "" : ",\"Recovered\":{\"Type\":\"Pass\",\"End\":true}") + "}}";
    }

    @Test
    void retry_shouldBackOffExponentially_whenTheTaskKeepsFailing() {
        // given
        List<Integer> retryCounts = new ArrayList<>();
        try (Deterministic sfn = new Deterministic(failing(List.of("Boom", "Boom", "Boom"), retryCounts))) {
            String arn = sfn.register(machine("[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":2,\"MaxAttempts\":3,"
                    + "\"BackoffRate\":3.0}]", "[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Recovered\"}]"));

            // when
            String execution = sfn.start(arn, "{}");
            sfn.advance(Duration.ofSeconds(1));
            ExecutionStatus afterOneSecond = sfn.describe(execution).status();
            sfn.advance(Duration.ofSeconds(100));

            // then
            assertThat(afterOneSecond).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(sfn.timers.scheduledDelays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6),
                    Duration.ofSeconds(18));
            assertThat(retryCounts).containsExactly(0, 1, 2, 3);
            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains(json("{\"calls\":4}"));
        }
    }

    @Test
    void retry_shouldCapTheDelay_whenMaxDelaySecondsIsSet() {
        List<Integer> retryCounts = new ArrayList<>();
        try (Deterministic sfn = new Deterministic(failing(List.of("Boom", "Boom", "Boom", "Boom"), retryCounts))) {
            String arn = sfn.register(machine("[{\"ErrorEquals\":[\"States.ALL\"],\"IntervalSeconds\":1,"
                    + "\"MaxAttempts\":5,\"MaxDelaySeconds\":3}]", "[]"));

            sfn.start(arn, "{}");
            sfn.advance(Duration.ofMinutes(1));

            assertThat(sfn.timers.scheduledDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(3), Duration.ofSeconds(3));
        }
    }

    @Test
    void retry_shouldCountEachRetrierSeparately_whenErrorsAlternate() {
        // given: the developer guide's example, ErrorA, ErrorB, ErrorC, ErrorB, ErrorB
        List<Integer> retryCounts = new ArrayList<>();
        try (Deterministic sfn = new Deterministic(failing(List.of("ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB"),
                retryCounts))) {
            String arn = sfn.register(machine("[{\"ErrorEquals\":[\"ErrorA\",\"ErrorB\"],\"IntervalSeconds\":1,"
                    + "\"BackoffRate\":2.0,\"MaxAttempts\":2},{\"ErrorEquals\":[\"ErrorC\"],\"IntervalSeconds\":5}]",
                    "[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.error\",\"Next\":\"Recovered\"}]"));

            // when
            String execution = sfn.start(arn, "{\"in\":1}");
            sfn.advance(Duration.ofMinutes(1));

            // then: waits of 1, 2 and 5 s; the fourth error exhausts the first retrier and is caught
            assertThat(sfn.timers.scheduledDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(5));
            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains(json("{\"in\":1,\"error\":{\"Error\":\"ErrorB\",\"Cause\":\"call 3 failed\"}}"));
        }
    }

    @Test
    void retry_shouldNotRetry_whenMaxAttemptsIsZero() {
        List<Integer> retryCounts = new ArrayList<>();
        try (Deterministic sfn = new Deterministic(failing(List.of("Boom"), retryCounts))) {
            String arn = sfn.register(machine("[{\"ErrorEquals\":[\"Boom\"],\"MaxAttempts\":0},"
                    + "{\"ErrorEquals\":[\"States.ALL\"]}]", "[]"));

            String execution = sfn.start(arn, "{}");
            sfn.advance(Duration.ofMinutes(1));

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).contains("Boom");
            assertThat(done.cause()).contains("call 0 failed");
            assertThat(retryCounts).containsExactly(0);
        }
    }

    @Test
    void retry_shouldUseTheOverride_whenARetryIntervalIsOverridden() {
        List<Integer> retryCounts = new ArrayList<>();
        try (Deterministic sfn = new Deterministic(failing(List.of("Boom"), retryCounts),
                new DelayOverrides(Map.of(), Map.of("Call", Duration.ZERO)))) {
            String arn = sfn.register(machine("[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":60}]", "[]"));

            String execution = sfn.start(arn, "{}");
            sfn.advance(Duration.ZERO);

            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void catch_shouldReplaceTheInputWithTheErrorOutput_whenResultPathIsLeftOut() {
        try (Deterministic sfn = new Deterministic(failing(List.of("Custom.Error"), new ArrayList<>()))) {
            String arn = sfn.register(machine("[]", "[{\"ErrorEquals\":[\"Other\"],\"Next\":\"Recovered\"},"
                    + "{\"ErrorEquals\":[\"States.TaskFailed\"],\"Next\":\"Recovered\"}]"));

            String execution = sfn.start(arn, "{\"in\":1}");

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.output()).contains(json("{\"Error\":\"Custom.Error\",\"Cause\":\"call 0 failed\"}"));
            assertThat(sfn.historyTypes(execution)).containsExactly(HistoryEventType.ExecutionStarted,
                    HistoryEventType.TaskStateEntered, HistoryEventType.TaskScheduled, HistoryEventType.TaskStarted,
                    HistoryEventType.TaskFailed, HistoryEventType.TaskStateExited, HistoryEventType.PassStateEntered,
                    HistoryEventType.PassStateExited, HistoryEventType.ExecutionSucceeded);
        }
    }

    @Test
    void catch_shouldNotCatchStatesRuntime_whenEvenStatesAllIsListed() {
        // given: Parameters read a path that the input lacks
        TaskResources tasks = new TaskResources().registerFunction("echo", event -> event);
        try (Deterministic sfn = new Deterministic(tasks)) {
            String arn = sfn.register("{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\""
                    + FN + "echo\",\"Parameters\":{\"x.$\":\"$.missing\"},\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"]}],"
                    + "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Recovered\"}],\"End\":true},"
                    + "\"Recovered\":{\"Type\":\"Pass\",\"End\":true}}}");

            // when
            String execution = sfn.start(arn, "{}");

            // then
            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).contains("States.Runtime");
            assertThat(done.cause().orElseThrow()).contains("$.missing");
        }
    }

    @Test
    void task_shouldFailLikeAJavaLambda_whenTheFunctionThrows() {
        TaskResources tasks = new TaskResources().registerFunction("broken", event -> {
            throw new IllegalStateException("no server");
        });
        try (Deterministic sfn = new Deterministic(tasks)) {
            String arn = sfn.register("{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\""
                    + FN + "broken\",\"End\":true}}}");

            String execution = sfn.start(arn, "{}");

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.error()).contains("java.lang.IllegalStateException");
            JsonNode cause = json(done.cause().orElseThrow());
            assertThat(cause.get("errorMessage").asText()).isEqualTo("no server");
            assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        }
    }
}
