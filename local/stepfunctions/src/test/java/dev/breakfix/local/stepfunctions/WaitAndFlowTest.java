package dev.breakfix.local.stepfunctions;

import static dev.breakfix.local.stepfunctions.Deterministic.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaitAndFlowTest {

    private static String waitMachine(String field) {
        return "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\"," + field + ",\"Next\":\"Done\"},"
                + "\"Done\":{\"Type\":\"Succeed\"}}}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"Seconds\":30|{}",
        "\"SecondsPath\":\"$.s\"|{\"s\":30}",
        "\"Timestamp\":\"2026-01-01T00:00:30Z\"|{}",
        "\"TimestampPath\":\"$.t\"|{\"t\":\"2026-01-01T01:00:30+01:00\"}",
    })
    void wait_shouldResumeAtItsDeadline_whenTheTimeComes(String field, String input) {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            // given
            String execution = sfn.start(sfn.register(waitMachine(field)), input);

            // when / then
            sfn.advance(Duration.ofSeconds(29));
            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            sfn.advance(Duration.ofSeconds(1));
            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(sfn.describe(execution).output()).contains(json(input));
        }
    }

    @Test
    void wait_shouldFailWithStatesRuntime_whenSecondsPathIsNotAnInteger() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            String execution = sfn.start(sfn.register(waitMachine("\"SecondsPath\":\"$.s\"")), "{\"s\":\"soon\"}");

            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(sfn.describe(execution).error()).contains("States.Runtime");
        }
    }

    @Test
    void wait_shouldNotWait_whenTheTimestampHasPassed() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            String execution = sfn.start(sfn.register(waitMachine("\"Timestamp\":\"2020-01-01T00:00:00Z\"")), "{}");

            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void wait_shouldUseTheOverride_whenAWaitIsOverridden() {
        try (Deterministic sfn = new Deterministic(new TaskResources(),
                new DelayOverrides(Map.of("W", Duration.ofMillis(10)), Map.of()))) {
            String execution = sfn.start(sfn.register(waitMachine("\"Seconds\":3600")), "{}");

            sfn.advance(Duration.ofMillis(10));

            assertThat(sfn.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void choice_shouldFailWithNoChoiceMatched_whenNoRuleMatchesAndThereIsNoDefault() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            String arn = sfn.register("{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":["
                    + "{\"Variable\":\"$.n\",\"NumericGreaterThan\":10,\"Next\":\"Big\"}]},\"Big\":{\"Type\":\"Succeed\"}}}");

            String execution = sfn.start(arn, "{\"n\":1}");

            assertThat(sfn.describe(execution).error()).contains("States.NoChoiceMatched");
        }
    }

    @Test
    void flow_shouldApplyEveryPathField_whenPassAndChoiceAndSucceedRunInOrder() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            // given
            String arn = sfn.register("{\"StartAt\":\"Shape\",\"States\":{"
                    + "\"Shape\":{\"Type\":\"Pass\",\"InputPath\":\"$.order\",\"Parameters\":{\"id.$\":\"$.id\","
                    + "\"who.$\":\"$$.Execution.Input.user\",\"state.$\":\"$$.State.Name\"},\"ResultPath\":\"$.shaped\","
                    + "\"OutputPath\":\"$.shaped\",\"Next\":\"Route\"},"
                    + "\"Route\":{\"Type\":\"Choice\",\"OutputPath\":\"$.id\",\"Choices\":[{\"And\":["
                    + "{\"Variable\":\"$.who\",\"StringEquals\":\"ada\"},{\"Not\":{\"Variable\":\"$.id\",\"IsNull\":true}}],"
                    + "\"Next\":\"Done\"}],\"Default\":\"Nope\"},"
                    + "\"Done\":{\"Type\":\"Succeed\"},\"Nope\":{\"Type\":\"Fail\",\"Error\":\"No\",\"Cause\":\"no\"}}}");

            // when
            String execution = sfn.start(arn, "{\"user\":\"ada\",\"order\":{\"id\":7}}");

            // then
            assertThat(sfn.describe(execution).output()).contains(json("7"));
            assertThat(sfn.runner.getExecutionHistory(execution).get(2).output())
                    .contains(json("{\"id\":7,\"who\":\"ada\",\"state\":\"Shape\"}"));
        }
    }

    @Test
    void fail_shouldCloseWithErrorAndCauseFromPaths_whenErrorPathIsUsed() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            String arn = sfn.register("{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"ErrorPath\":\"$.e\","
                    + "\"CausePath\":\"States.Format('session {} failed', $$.Execution.Name)\"}}}");

            String execution = sfn.runner.startExecution(arn, java.util.Optional.of("s-1"),
                    java.util.Optional.of("{\"e\":\"LAUNCH_FAILED\"}")).executionArn();

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).contains("LAUNCH_FAILED");
            assertThat(done.cause()).contains("session s-1 failed");
            assertThat(sfn.historyTypes(execution)).containsExactly(HistoryEventType.ExecutionStarted,
                    HistoryEventType.FailStateEntered, HistoryEventType.ExecutionFailed);
        }
    }

    @Test
    void execution_shouldTimeOut_whenTheDefinitionTimeoutPasses() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            String arn = sfn.register("{\"StartAt\":\"W\",\"TimeoutSeconds\":10,\"States\":{\"W\":{\"Type\":\"Wait\","
                    + "\"Seconds\":3600,\"End\":true}}}");
            String execution = sfn.start(arn, "{}");

            sfn.advance(Duration.ofSeconds(10));

            ExecutionDescription done = sfn.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(done.error()).contains("States.Timeout");
            assertThat(sfn.timers.pending()).isZero();
        }
    }

    @Test
    void pass_shouldLetOthersRun_whenAnInstantLoopIsLong() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            // given: a loop of 300 instantaneous iterations
            String arn = sfn.register("{\"StartAt\":\"Count\",\"States\":{"
                    + "\"Count\":{\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"States.MathAdd($.n, 1)\"},\"Next\":\"More?\"},"
                    + "\"More?\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericLessThan\":300,"
                    + "\"Next\":\"Count\"}],\"Default\":\"Done\"},\"Done\":{\"Type\":\"Succeed\"}}}");

            // when
            String execution = sfn.start(arn, "{\"n\":0}");

            // then
            assertThat(sfn.describe(execution).output()).contains(json("{\"n\":300}"));
            assertThat(sfn.runner.getExecutionHistory(execution)).hasSize(1 + 300 * 4 + 2 + 1);
        }
    }
}
