package dev.breakfix.local.stepfunctions;

import static dev.breakfix.local.stepfunctions.Deterministic.FN;
import static dev.breakfix.local.stepfunctions.Deterministic.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.local.stepfunctions.StepFunctionsException.Code;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateMachineRunnerTest {
    private static final String WAIT = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":60,"
            + "\"End\":true}}}";

    private static void assertCode(Runnable call, Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StepFunctionsException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void startExecution_shouldReturnTheRunningExecution_whenNameAndInputRepeat() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            // given
            String arn = sfn.register(WAIT);
            StartExecutionResult first = sfn.runner.startExecution(arn, Optional.of("s-1"), Optional.of("{\"a\":1}"));

            // when
            StartExecutionResult again = sfn.runner.startExecution(arn, Optional.of("s-1"), Optional.of("{ \"a\" : 1 }"));

            // then
            assertThat(again.executionArn()).isEqualTo(first.executionArn());
            assertThat(again.alreadyRunning()).isTrue();
            assertThat(first.alreadyRunning()).isFalse();
            assertThat(sfn.runner.listExecutions(arn)).hasSize(1);
        }
    }

    @Test
    void startExecution_shouldRefuse_whenTheNameIsTakenWithAnotherInputOrIsClosed() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            String arn = sfn.register(WAIT);
            sfn.runner.startExecution(arn, Optional.of("s-1"), Optional.of("{\"a\":1}"));

            assertCode(() -> sfn.runner.startExecution(arn, Optional.of("s-1"), Optional.of("{\"a\":2}")),
                    Code.ExecutionAlreadyExists);
            sfn.advance(Duration.ofSeconds(60));
            assertCode(() -> sfn.runner.startExecution(arn, Optional.of("s-1"), Optional.of("{\"a\":1}")),
                    Code.ExecutionAlreadyExists);
        }
    }

    @Test
    void startExecution_shouldRefuseBadNamesInputsAndMachines_whenCalledWrongly() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            String arn = sfn.register(WAIT);

            assertCode(() -> sfn.runner.startExecution(arn, Optional.of("has space"), Optional.empty()), Code.InvalidName);
            assertCode(() -> sfn.runner.startExecution(arn, Optional.of("a:b"), Optional.empty()), Code.InvalidName);
            assertCode(() -> sfn.runner.startExecution(arn, Optional.of("x".repeat(81)), Optional.empty()),
                    Code.InvalidName);
            assertCode(() -> sfn.runner.startExecution(arn, Optional.empty(), Optional.of("{oops")),
                    Code.InvalidExecutionInput);
            assertCode(() -> sfn.runner.startExecution(arn + "x", Optional.empty(), Optional.empty()),
                    Code.StateMachineDoesNotExist);
            assertCode(() -> sfn.runner.describeExecution(arn.replace("stateMachine", "execution") + ":nope"),
                    Code.ExecutionDoesNotExist);
        }
    }

    @Test
    void register_shouldRefuseTheDefinition_whenATaskHasNoLocalHandler() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            assertThatThrownBy(() -> sfn.register("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                    + "\"Resource\":\"" + FN + "missing\",\"End\":true}}}"))
                    .isInstanceOfSatisfying(StepFunctionsException.class,
                            e -> assertThat(e.code()).isEqualTo(Code.InvalidDefinition))
                    .hasMessageContaining("no local handler for 'arn:aws:lambda:us-east-1:000000000000:function:missing'");
            assertCode(() -> sfn.runner.register("bad name", WAIT, Map.of()), Code.InvalidName);
            assertCode(() -> sfn.register("{\"StartAt\":\"W\"}"), Code.InvalidDefinition);
        }
    }

    @Test
    void describeAndList_shouldShowEveryExecution_whenSeveralRan() {
        try (Deterministic sfn = new Deterministic(new TaskResources())) {
            // given
            String arn = sfn.register(WAIT);
            String first = sfn.runner.startExecution(arn, Optional.of("first"), Optional.empty()).executionArn();
            sfn.advance(Duration.ofSeconds(60));
            String second = sfn.runner.startExecution(arn, Optional.of("second"), Optional.of("{\"n\":2}")).executionArn();

            // when
            List<ExecutionDescription> executions = sfn.runner.listExecutions(arn);
            ExecutionDescription running = sfn.runner.describeExecution(second);

            // then
            assertThat(executions).extracting(ExecutionDescription::name).containsExactly("second", "first");
            assertThat(executions.get(1).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(executions.get(1).stopDate()).contains(Deterministic.START.plusSeconds(60));
            assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(running.currentState()).contains("W");
            assertThat(running.input()).isEqualTo(json("{\"n\":2}"));
            assertThat(running.executionArn())
                    .isEqualTo("arn:aws:states:us-east-1:000000000000:execution:test:second");
            assertThat(sfn.runner.describeExecution(first).output()).contains(json("{}"));
        }
    }

    @Test
    void getExecutionHistory_shouldNumberEventsWithInputsAndOutputs_whenAnExecutionRan() {
        TaskResources tasks = new TaskResources().registerFunction("double", e -> json("{\"v\":" + e.get("v").asInt() * 2 + "}"));
        try (Deterministic sfn = new Deterministic(tasks)) {
            String arn = sfn.register("{\"StartAt\":\"Double\",\"States\":{\"Double\":{\"Type\":\"Task\","
                    + "\"Resource\":\"" + FN + "double\",\"ResultPath\":\"$.out\",\"End\":true}}}");

            String execution = sfn.start(arn, "{\"v\":21}");
            List<HistoryEvent> history = sfn.runner.getExecutionHistory(execution);

            assertThat(history).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(history).extracting(HistoryEvent::type).containsExactly(HistoryEventType.ExecutionStarted,
                    HistoryEventType.TaskStateEntered, HistoryEventType.TaskScheduled, HistoryEventType.TaskStarted,
                    HistoryEventType.TaskSucceeded, HistoryEventType.TaskStateExited, HistoryEventType.ExecutionSucceeded);
            assertThat(history.get(1).stateName()).contains("Double");
            assertThat(history.get(1).input()).contains(json("{\"v\":21}"));
            assertThat(history.get(4).output()).contains(json("{\"v\":42}"));
            assertThat(history.get(5).output()).contains(json("{\"v\":21,\"out\":{\"v\":42}}"));
            assertThat(history.get(2).details().get("resource").asText()).isEqualTo(FN + "double");
            assertThat(history).allSatisfy(e -> assertThat(e.timestamp()).isEqualTo(Deterministic.START));
        }
    }

    @Test
    void stopExecution_shouldAbortAndInvalidateItsToken_whenTheExecutionWaits() {
        TaskResources tasks = new TaskResources().registerFunction("noop", e -> json("{}"));
        try (Deterministic sfn = new Deterministic(tasks)) {
            // given
            String arn = sfn.register("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
                    + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"noop\","
                    + "\"Payload\":{\"t.$\":\"$$.Task.Token\"}},\"End\":true}}}");
            String execution = sfn.start(arn, "{}");
            String token = sfn.runner.getExecutionHistory(execution).get(2).details().get("parameters")
                    .get("Payload").get("t").asText();

            // when
            sfn.runner.stopExecution(execution, Optional.of("USER"), Optional.of("ended from the console"));

            // then
            ExecutionDescription stopped = sfn.describe(execution);
            assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(stopped.error()).contains("USER");
            assertCode(() -> sfn.runner.sendTaskSuccess(token, "{}"), Code.TaskTimedOut);
            sfn.runner.stopExecution(execution, Optional.empty(), Optional.empty());
            assertThat(sfn.runner.activeExecutions()).isZero();
        }
    }
}
