package dev.breakfix.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.store.InMemoryExecutionStore;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Real threads and real time: many executions at once on a small pool. */
class ConcurrencyTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyTest.class);

    @Test
    void runner_shouldHoldSixtyWaitingExecutionsOnTwoThreads_whenAllWaitForTokens() throws Exception {
        // given
        Map<String, String> tokens = new ConcurrentHashMap<>();
        TaskResources tasks = new TaskResources().registerFunction("store-token", event -> {
            tokens.put(event.get("session").asText(), event.get("token").asText());
            return Json.object();
        });
        try (StateMachineRunner runner = StateMachineRunner.builder().store(new InMemoryExecutionStore()).tasks(tasks)
                .workerThreads(2).taskThreads(4).build()) {
            String arn = runner.register("session", "{\"StartAt\":\"Wait for the end\",\"States\":{"
                    + "\"Wait for the end\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
                    + "\"Parameters\":{\"FunctionName\":\"store-token\",\"Payload\":{\"token.$\":\"$$.Task.Token\","
                    + "\"session.$\":\"$$.Execution.Name\"}},\"TimeoutSeconds\":3600,\"Next\":\"Pause\"},"
                    + "\"Pause\":{\"Type\":\"Wait\",\"Seconds\":1,\"End\":true}}}", Map.of());
            int threadsBefore = Thread.activeCount();

            // when
            List<String> executions = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                executions.add(runner.startExecution(arn, Optional.of("session-" + i), Optional.empty()).executionArn());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tokens.size() < 60 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            int threadsWhileWaiting = Thread.activeCount();
            int waiting = runner.activeExecutions();
            tokens.forEach((session, token) -> runner.sendTaskSuccess(token, "{\"reason\":\"USER\"}"));
            for (String execution : executions) {
                assertThat(runner.awaitCompletion(execution, Duration.ofSeconds(10)).status())
                        .isEqualTo(ExecutionStatus.SUCCEEDED);
            }

            // then
            assertThat(waiting).isEqualTo(60);
            assertThat(threadsWhileWaiting - threadsBefore).isLessThanOrEqualTo(2 + 4);
            assertThat(runner.activeExecutions()).isZero();
        }
    }

    @Test
    void runner_shouldRunManyTenStateExecutions_whenStartedTogether() throws Exception {
        // given: ten states, four of them tasks
        TaskResources tasks = new TaskResources().registerFunction("add", event ->
                Json.object().put("n", event.get("n").asInt() + 1));
        String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:add\",\"Next\":\"%s\"}";
        String pass = "{\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"States.MathAdd($.n, 1)\"},\"Next\":\"%s\"}";
        String definition = "{\"StartAt\":\"S1\",\"States\":{"
                + "\"S1\":" + String.format(task, "S2") + ",\"S2\":" + String.format(pass, "S3")
                + ",\"S3\":" + String.format(task, "S4") + ",\"S4\":" + String.format(pass, "S5")
                + ",\"S5\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":100,\"Next\":\"S10\"}],\"Default\":\"S6\"}"
                + ",\"S6\":" + String.format(task, "S7") + ",\"S7\":" + String.format(pass, "S8")
                + ",\"S8\":" + String.format(task, "S9") + ",\"S9\":" + String.format(pass, "S10")
                + ",\"S10\":{\"Type\":\"Succeed\"}}}";
        int count = 500;
        try (StateMachineRunner runner = StateMachineRunner.builder().store(new InMemoryExecutionStore()).tasks(tasks)
                .build()) {
            String arn = runner.register("ten", definition, Map.of());

            // when
            long start = System.nanoTime();
            List<String> executions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                executions.add(runner.startExecution(arn, Optional.of("e-" + i), Optional.of("{\"n\":0}")).executionArn());
            }
            for (String execution : executions) {
                ExecutionDescription done = runner.awaitCompletion(execution, Duration.ofSeconds(30));
                assertThat(done.output()).contains(Json.parse("{\"n\":8}"));
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            // then
            LOG.warn("throughput (in-memory store): {} executions of a 10-state machine in {} s = {} per second",
                    count, String.format("%.2f", seconds), String.format("%.0f", count / seconds));
            assertThat(runner.activeExecutions()).isZero();
        }
    }
}
