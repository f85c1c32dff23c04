package dev.breakfix.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.store.DynamoDbExecutionStore;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A runner closed and made again on the same dynalite table takes its executions up where they were. */
class ResumeTest {
    @RegisterExtension
    static final Dynalite DYNAMO = new Dynalite();
    private static DynamoDbExecutionStore store;

    private static final String SESSION = "{\"StartAt\":\"Wait for the end\",\"States\":{"
            + "\"Wait for the end\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
            + "\"Parameters\":{\"FunctionName\":\"store-token\",\"Payload\":{\"token.$\":\"$$.Task.Token\"}},"
            + "\"TimeoutSecondsPath\":\"$.secondsLeft\",\"ResultPath\":\"$.end\","
            + "\"Catch\":[{\"ErrorEquals\":[\"States.Timeout\"],\"ResultPath\":\"$.end\",\"Next\":\"Time is up\"}],"
            + "\"Next\":\"Ended\"},\"Time is up\":{\"Type\":\"Pass\",\"Next\":\"Ended\"},\"Ended\":{\"Type\":\"Succeed\"}}}";

    private final List<String> tokens = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createTable() {
        store = DynamoDbExecutionStore.builder().client(DYNAMO.client()).tableName("resume").build().createTableIfMissing();
    }

    private TaskResources tokenStore() {
        return new TaskResources().registerFunction("store-token", event -> {
            tokens.add(event.get("token").asText());
            return Json.object();
        });
    }

    private StateMachineRunner runner(TaskResources tasks) {
        return StateMachineRunner.builder().store(store).tasks(tasks).build();
    }

    private void awaitTokens(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tokens.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(tokens).hasSize(count);
    }

    @Test
    void resume_shouldAcceptTheTaskToken_whenTheRunnerWasRestartedWhileWaiting() throws Exception {
        // given: a session waiting for its end, and a runner that goes away
        String execution;
        try (StateMachineRunner first = runner(tokenStore())) {
            String arn = first.register("session", SESSION, Map.of());
            execution = first.startExecution(arn, Optional.of("token-survives"), Optional.of("{\"secondsLeft\":600}"))
                    .executionArn();
            awaitTokens(1);
            Thread.sleep(200);
        }

        // when: a new runner on the same table resumes and the user ends the session
        try (StateMachineRunner second = runner(tokenStore())) {
            second.register("session", SESSION, Map.of());
            List<String> resumed = second.resumeRunningExecutions();
            second.sendTaskSuccess(tokens.get(0), "{\"reason\":\"USER\"}");
            ExecutionDescription done = second.awaitCompletion(execution, Duration.ofSeconds(10));

            // then
            assertThat(resumed).contains(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains(Json.parse("{\"secondsLeft\":600,\"end\":{\"reason\":\"USER\"}}"));
            assertThat(tokens).hasSize(1);
            assertThat(second.getExecutionHistory(execution)).extracting(HistoryEvent::type)
                    .contains(HistoryEventType.ExecutionResumed).endsWith(HistoryEventType.ExecutionSucceeded);
        }
    }

    @Test
    void resume_shouldFireTheTokenTimeoutAtItsOriginalDeadline_whenTheDeadlinePassedWhileDown() throws Exception {
        // given
        String execution;
        try (StateMachineRunner first = runner(tokenStore())) {
            String arn = first.register("session", SESSION, Map.of());
            execution = first.startExecution(arn, Optional.of("deadline-survives"), Optional.of("{\"secondsLeft\":1}"))
                    .executionArn();
            awaitTokens(1);
        }
        Thread.sleep(1200);

        // when
        try (StateMachineRunner second = runner(tokenStore())) {
            second.resumeRunningExecutions();
            ExecutionDescription done = second.awaitCompletion(execution, Duration.ofSeconds(10));

            // then: timed out at once, the original deadline having passed, and went through the Catch
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode end = done.output().orElseThrow().get("end");
            assertThat(end.get("Error").asText()).isEqualTo("States.Timeout");
        }
    }

    @Test
    void resume_shouldEndAWaitAtItsOriginalTime_whenTheRunnerRestarts() throws Exception {
        // given: a 2-second Wait, and a runner gone after a moment
        String waitTwoSeconds = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":2,\"End\":true}}}";
        String execution;
        Instant started;
        try (StateMachineRunner first = runner(new TaskResources())) {
            String arn = first.register("pause", waitTwoSeconds, Map.of());
            StartExecutionResult result = first.startExecution(arn, Optional.of("wait-survives"), Optional.empty());
            execution = result.executionArn();
            started = result.startDate();
            Thread.sleep(500);
        }
        Thread.sleep(500);

        // when
        try (StateMachineRunner second = runner(new TaskResources())) {
            second.resumeRunningExecutions();
            ExecutionDescription done = second.awaitCompletion(execution, Duration.ofSeconds(10));

            // then: it ended two seconds after it started, not two seconds after the restart
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Duration took = Duration.between(started, done.stopDate().orElseThrow());
            assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofMillis(2900));
        }
    }

    @Test
    void resume_shouldTakeUpFiftyWaitingSessions_whenTheRunnerRestarts() throws Exception {
        // given: fifty sessions waiting for their end, saved in dynalite
        List<String> executions = new java.util.ArrayList<>();
        long start = System.nanoTime();
        try (StateMachineRunner first = runner(tokenStore())) {
            String arn = first.register("session", SESSION, Map.of());
            for (int i = 0; i < 50; i++) {
                executions.add(first.startExecution(arn, Optional.of("fifty-" + i), Optional.of("{\"secondsLeft\":600}"))
                        .executionArn());
            }
            awaitTokens(50);
            Thread.sleep(300);
        }
        double startSeconds = (System.nanoTime() - start) / 1e9;

        // when
        try (StateMachineRunner second = runner(tokenStore())) {
            long resumeStart = System.nanoTime();
            List<String> resumed = second.resumeRunningExecutions();
            double resumeSeconds = (System.nanoTime() - resumeStart) / 1e9;
            for (String token : List.copyOf(tokens)) {
                second.sendTaskSuccess(token, "{\"reason\":\"USER\"}");
            }

            // then
            assertThat(resumed).containsAll(executions);
            for (String execution : executions) {
                assertThat(second.awaitCompletion(execution, Duration.ofSeconds(20)).status())
                        .isEqualTo(ExecutionStatus.SUCCEEDED);
            }
            org.slf4j.LoggerFactory.getLogger(ResumeTest.class).warn(
                    "dynalite: 50 sessions started and waiting in {} s; resumed in {} s",
                    String.format("%.2f", startSeconds), String.format("%.2f", resumeSeconds));
        }
    }

    @Test
    void runner_shouldRunTenStateExecutionsDurably_whenTheStoreIsDynalite() throws Exception {
        TaskResources tasks = new TaskResources().registerFunction("add", event ->
                Json.object().put("n", event.get("n").asInt() + 1));
        String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:add\",\"Next\":\"%s\"}";
        String pass = "{\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"States.MathAdd($.n, 1)\"},\"Next\":\"%s\"}";
        StringBuilder definition = new StringBuilder("{\"StartAt\":\"S1\",\"States\":{");
        for (int i = 1; i <= 9; i++) {
            definition.append('"').append("S").append(i).append("\":")
                    .append(String.format(i % 2 == 1 ? task : pass, "S" + (i + 1))).append(',');
        }
        definition.append("\"S10\":{\"Type\":\"Succeed\"}}}");
        int count = 100;
        try (StateMachineRunner runner = StateMachineRunner.builder().store(store).tasks(tasks).workerThreads(4).build()) {
            String arn = runner.register("ten", definition.toString(), Map.of());
            long start = System.nanoTime();
            List<String> executions = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                executions.add(runner.startExecution(arn, Optional.of("ten-" + i), Optional.of("{\"n\":0}")).executionArn());
            }
            for (String execution : executions) {
                assertThat(runner.awaitCompletion(execution, Duration.ofSeconds(60)).output())
                        .contains(Json.parse("{\"n\":9}"));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            org.slf4j.LoggerFactory.getLogger(ResumeTest.class).warn(
                    "throughput (dynalite store): {} executions of a 10-state machine in {} s = {} per second", count,
                    String.format("%.2f", seconds), String.format("%.1f", count / seconds));
        }
    }

    @Test
    void resume_shouldCallAnInterruptedTaskAgain_whenTheRunnerStoppedDuringTheCall() throws Exception {
        // given: a call that never answers in the first runner
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch called = new CountDownLatch(1);
        TaskResources hanging = new TaskResources().registerFunction("launch", event -> {
            calls.incrementAndGet();
            called.countDown();
            Thread.sleep(60_000);
            return Json.object();
        });
        String definition = "{\"StartAt\":\"Launch\",\"States\":{\"Launch\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:launch\",\"End\":true}}}";
        String execution;
        try (StateMachineRunner first = runner(hanging)) {
            String arn = first.register("launcher", definition, Map.of());
            execution = first.startExecution(arn, Optional.of("in-flight"), Optional.of("{\"id\":1}")).executionArn();
            assertThat(called.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }

        // when
        TaskResources answering = new TaskResources().registerFunction("launch", event -> {
            calls.incrementAndGet();
            return Json.object().put("launched", event.get("id").asInt());
        });
        try (StateMachineRunner second = runner(answering)) {
            second.resumeRunningExecutions();
            ExecutionDescription done = second.awaitCompletion(execution, Duration.ofSeconds(10));

            // then: at least once — the call was made again
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).contains(Json.parse("{\"launched\":1}"));
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    @Test
    void resume_shouldMakeTheSameCall_whenTheInterruptedTaskReadsTheStatesEntryTime() throws Exception {
        // given: a task whose input holds the time its state was entered, interrupted during its call
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch called = new CountDownLatch(1);
        TaskResources hanging = new TaskResources().registerFunction("launch", event -> {
            seen.add(event.get("enteredAt").asText());
            called.countDown();
            Thread.sleep(60_000);
            return Json.object();
        });
        String definition = "{\"StartAt\":\"Launch\",\"States\":{\"Launch\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:launch\","
                + "\"Parameters\":{\"enteredAt.$\":\"$$.State.EnteredTime\"},\"End\":true}}}";
        String execution;
        try (StateMachineRunner first = runner(hanging)) {
            String arn = first.register("timed-launcher", definition, Map.of());
            execution = first.startExecution(arn, Optional.of("timed"), Optional.of("{}")).executionArn();
            assertThat(called.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        Thread.sleep(20); // so that a state entered anew would carry another time

        // when
        TaskResources answering = new TaskResources().registerFunction("launch", event -> {
            seen.add(event.get("enteredAt").asText());
            return Json.object();
        });
        try (StateMachineRunner second = runner(answering)) {
            second.resumeRunningExecutions();
            assertThat(second.awaitCompletion(execution, Duration.ofSeconds(10)).status())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
        }

        // then: the call made again is the same call, made from the entry that was saved
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }
}
