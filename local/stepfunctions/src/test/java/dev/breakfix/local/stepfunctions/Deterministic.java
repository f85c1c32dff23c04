package dev.breakfix.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.store.InMemoryExecutionStore;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A runner whose time and threads the test controls: every step runs on the test's thread, and
 * time moves only through {@link #advance}.
 */
final class Deterministic implements AutoCloseable {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final ManualTimers timers = new ManualTimers(START);
    final InMemoryExecutionStore store = new InMemoryExecutionStore();
    final TaskResources tasks;
    final StateMachineRunner runner;

    Deterministic(TaskResources tasks) {
        this(tasks, DelayOverrides.NONE);
    }

    Deterministic(TaskResources tasks, DelayOverrides overrides) {
        this(tasks, overrides, new DirectExecutorService());
    }

    /** Task handlers run on {@code taskThreads}: direct, or held by a {@link HoldingExecutorService}. */
    Deterministic(TaskResources tasks, DelayOverrides overrides, java.util.concurrent.ExecutorService taskThreads) {
        this.tasks = tasks;
        this.runner = StateMachineRunner.builder().store(store).tasks(tasks).delayOverrides(overrides)
                .timing(timers, new DirectExecutorService(), taskThreads).build();
    }

    String register(String definition) {
        return runner.register("test", definition, Map.of());
    }

    static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:";

    java.util.List<HistoryEventType> historyTypes(String executionArn) {
        return runner.getExecutionHistory(executionArn).stream().map(HistoryEvent::type).toList();
    }

    String start(String stateMachineArn, String input) {
        return runner.startExecution(stateMachineArn, Optional.of("exec-" + System.nanoTime()), Optional.of(input))
                .executionArn();
    }

    ExecutionDescription describe(String executionArn) {
        return runner.describeExecution(executionArn);
    }

    void advance(Duration duration) {
        timers.advance(duration);
    }

    static JsonNode json(String text) {
        return Json.parse(text);
    }

    @Override
    public void close() {
        runner.close();
    }
}
