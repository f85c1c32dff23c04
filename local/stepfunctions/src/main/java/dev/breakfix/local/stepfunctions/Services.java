package dev.breakfix.local.stepfunctions;

import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** What every execution of one runner shares. */
record Services(
        ExecutionStore store,
        TaskResources tasks,
        Timers timers,
        Executor workers,
        ExecutorService taskThreads,
        DelayOverrides overrides,
        String region,
        String accountId,
        Consumer<ExecutionActor> onClosed) {}
