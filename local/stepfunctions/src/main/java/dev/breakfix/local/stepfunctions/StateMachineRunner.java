package dev.breakfix.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.StepFunctionsException.Code;
import dev.breakfix.local.stepfunctions.asl.Definition;
import dev.breakfix.local.stepfunctions.asl.DefinitionLoader;
import dev.breakfix.local.stepfunctions.asl.InvalidDefinitionException;
import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.asl.State;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for AWS Step Functions (Standard workflows): registers state machines from their
 * ASL files, runs executions concurrently on a small pool, keeps each execution in an
 * {@link ExecutionStore} at every transition, and resumes the running ones after a restart.
 *
 * <p>Wiring: build it with a store and the task handlers, {@link #register} the state machines, call
 * {@link #resumeRunningExecutions()}, then start executions. Waiting executions (Wait states, retry
 * intervals, task tokens) hold no thread: they are timer entries.
 */
public final class StateMachineRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateMachineRunner.class);
    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    private static final int MAX_INPUT_BYTES = 256 * 1024;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private record Registration(String arn, String name, String revisionId, Definition definition) {}

    private final Services services;
    private final List<ExecutorService> ownedPools;
    private final Map<String, Registration> machines = new ConcurrentHashMap<>();
    private final Map<String, Definition> revisions = new ConcurrentHashMap<>();
    private final Map<String, ExecutionActor> active = new ConcurrentHashMap<>();

    private StateMachineRunner(Builder builder) {
        List<ExecutorService> pools = new ArrayList<>();
        Timers timers = builder.timers;
        Executor workers = builder.workers;
        if (timers == null || workers == null) {
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(builder.workerThreads,
                    threads("sfn-worker"));
            scheduler.setRemoveOnCancelPolicy(true);
            scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            pools.add(scheduler);
            timers = timers == null ? new ScheduledTimers(scheduler, builder.clock) : timers;
            workers = workers == null ? scheduler : workers;
        }
        ExecutorService taskThreads = builder.taskThreads;
        if (taskThreads == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(builder.taskThreadCount, builder.taskThreadCount,
                    30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("sfn-task"));
            pool.allowCoreThreadTimeOut(true);
            pools.add(pool);
            taskThreads = pool;
        }
        this.ownedPools = List.copyOf(pools);
        this.services = new Services(builder.store, builder.tasks, timers, workers, taskThreads, builder.overrides,
                builder.region, builder.accountId, actor -> active.remove(actor.executionArn(), actor));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers (or updates) a state machine from its ASL text after applying definition
     * substitutions. Every Task resource must have a handler in the runner's {@link TaskResources}.
     * Running executions keep the definition they started with.
     *
     * @return the state machine's ARN
     * @throws StepFunctionsException {@code InvalidDefinition} with every problem found
     */
    public String register(String stateMachineName, String definitionText, Map<String, String> substitutions) {
        if (!NAME.matcher(stateMachineName).matches()) {
            throw new StepFunctionsException(Code.InvalidName, "'" + stateMachineName + "' is not a valid state"
                    + " machine name");
        }
        Definition definition;
        try {
            definition = DefinitionLoader.load(definitionText, substitutions);
        } catch (InvalidDefinitionException e) {
            throw new StepFunctionsException(Code.InvalidDefinition, e.getMessage());
        }
        List<String> unresolved = new ArrayList<>();
        for (State state : definition.states().values()) {
            if (state instanceof State.Task) {
                String target = ((State.Task) state).resource().target();
                if (services.tasks().resolve(target).isEmpty()) {
                    unresolved.add("States." + state.name() + ".Resource: no local handler for '" + target + "'");
                }
            }
        }
        if (!unresolved.isEmpty()) {
            throw new StepFunctionsException(Code.InvalidDefinition, "invalid state machine definition:\n  - "
                    + String.join("\n  - ", unresolved));
        }
        String revisionId = sha256(definition.source());
        services.store().putDefinition(revisionId, definition.source());
        revisions.put(revisionId, definition);
        String arn = "arn:aws:states:" + services.region() + ":" + services.accountId() + ":stateMachine:"
                + stateMachineName;
        machines.put(arn, new Registration(arn, stateMachineName, revisionId, definition));
        LOG.atInfo().addKeyValue("stateMachine", arn).addKeyValue("revision", revisionId.substring(0, 12))
                .addKeyValue("states", definition.states().size()).log("state machine registered");
        return arn;
    }

    /**
     * Takes up every execution the store has as RUNNING and is not running here: Wait states and
     * task-token timeouts keep their deadlines; a task that was in flight is called again.
     *
     * @return the ARNs of the resumed executions
     */
    public List<String> resumeRunningExecutions() {
        List<String> resumed = new ArrayList<>();
        for (ExecutionSnapshot snapshot : services.store().running()) {
            if (active.containsKey(snapshot.executionArn()) || snapshot.cursor() == null) {
                continue;
            }
            Optional<Definition> definition = definition(snapshot.revisionId());
            if (definition.isEmpty()) {
                LOG.atError().addKeyValue("execution", snapshot.executionArn())
                        .log("cannot resume: its definition revision is not in the store");
                continue;
            }
            ExecutionActor actor = new ExecutionActor(services, definition.get(), snapshot);
            if (active.putIfAbsent(snapshot.executionArn(), actor) == null) {
                actor.begin(true);
                resumed.add(snapshot.executionArn());
            }
        }
        LOG.atInfo().addKeyValue("count", resumed.size()).log("running executions resumed");
        return resumed;
    }

    /**
     * Starts an execution. Like Step Functions, calling again with the same name and input while it
     * runs returns the running execution; any other reuse of a name is {@code ExecutionAlreadyExists}.
     *
     * @param name the execution name (breakfix uses the session id); a UUID when empty
     * @param inputJson the input as JSON text; {@code {}} when empty
     */
    public StartExecutionResult startExecution(String stateMachineArn, Optional<String> name, Optional<String> inputJson) {
        Registration machine = machines.get(stateMachineArn);
        if (machine == null) {
            throw new StepFunctionsException(Code.StateMachineDoesNotExist, "no state machine " + stateMachineArn);
        }
        String executionName = name.orElseGet(() -> UUID.randomUUID().toString());
        if (!NAME.matcher(executionName).matches()) {
            throw new StepFunctionsException(Code.InvalidName, "'" + executionName + "' is not a valid execution"
                    + " name: 1 to 80 characters, no spaces, brackets, wildcards or punctuation such as : / \" #");
        }
        JsonNode input = parseInput(inputJson.orElse("{}"));
        String executionArn = "arn:aws:states:" + services.region() + ":" + services.accountId() + ":execution:"
                + machine.name() + ":" + executionName;
        List<HistoryEvent> events = new ArrayList<>();
        ExecutionSnapshot snapshot = ExecutionActor.newExecution(machine.definition(), executionArn, machine.arn(),
                executionName, machine.revisionId(), input, services.timers().now(), events);
        if (!services.store().create(snapshot, events)) {
            ExecutionSnapshot existing = services.store().find(executionArn).orElseThrow(() -> new StepFunctionsException(
                    Code.ExecutionAlreadyExists, "execution " + executionArn + " exists"));
            if (existing.status() == ExecutionStatus.RUNNING && Json.sameValue(existing.input(), input)) {
                return new StartExecutionResult(executionArn, existing.startDate(), true);
            }
            throw new StepFunctionsException(Code.ExecutionAlreadyExists, "execution " + executionArn
                    + " already exists" + (existing.status() == ExecutionStatus.RUNNING ? " with another input" : ""));
        }
        ExecutionActor actor = new ExecutionActor(services, machine.definition(), snapshot);
        active.put(executionArn, actor);
        actor.begin(false);
        return new StartExecutionResult(executionArn, snapshot.startDate(), false);
    }

    public ExecutionDescription describeExecution(String executionArn) {
        return ExecutionDescription.of(snapshot(executionArn));
    }

    /** The executions of a state machine, newest first. */
    public List<ExecutionDescription> listExecutions(String stateMachineArn) {
        return services.store().list(stateMachineArn).stream()
                .sorted(Comparator.comparing(ExecutionSnapshot::startDate).reversed()
                        .thenComparing(ExecutionSnapshot::name))
                .map(ExecutionDescription::of)
                .toList();
    }

    /** Every event of an execution, oldest first. */
    public List<HistoryEvent> getExecutionHistory(String executionArn) {
        snapshot(executionArn);
        return services.store().history(executionArn);
    }

    /** Stops a running execution (ABORTED); stopping a closed one changes nothing. */
    public void stopExecution(String executionArn, Optional<String> error, Optional<String> cause) {
        ExecutionActor actor = active.get(executionArn);
        if (actor == null) {
            snapshot(executionArn);
            return;
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        actor.stop(error.orElse(null), cause.orElse(null), answer);
        await(answer);
    }

    public void sendTaskSuccess(String taskToken, String outputJson) {
        JsonNode output;
        try {
            output = Json.parse(outputJson);
        } catch (IllegalArgumentException e) {
            throw new StepFunctionsException(Code.InvalidOutput, "the task output is not JSON: " + e.getMessage());
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        actorOf(taskToken).sendSuccess(taskToken, output, answer);
        await(answer);
    }

    public void sendTaskFailure(String taskToken, Optional<String> error, Optional<String> cause) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        actorOf(taskToken).sendFailure(taskToken, error.orElse(null), cause.orElse(null), answer);
        await(answer);
    }

    public void sendTaskHeartbeat(String taskToken) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        actorOf(taskToken).sendHeartbeat(taskToken, answer);
        await(answer);
    }

    /** Waits until the execution is closed (or the timeout passes) and describes it. */
    public ExecutionDescription awaitCompletion(String executionArn, Duration timeout)
            throws TimeoutException, InterruptedException {
        ExecutionActor actor = active.get(executionArn);
        if (actor != null) {
            try {
                actor.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException stalled) {
                // Described from the store below: still RUNNING at its last saved transition.
            }
        }
        return describeExecution(executionArn);
    }

    /** How many executions this runner is running now. */
    public int activeExecutions() {
        return active.size();
    }

    /**
     * Stops the runner's threads. Running executions stay RUNNING in the store, at their last saved
     * transition, for the next runner to resume.
     */
    @Override
    public void close() {
        for (ExecutorService pool : ownedPools) {
            pool.shutdown();
        }
        for (ExecutorService pool : ownedPools) {
            try {
                if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        active.clear();
    }

    private ExecutionActor actorOf(String taskToken) {
        String executionArn = TaskTokens.executionArn(taskToken)
                .orElseThrow(() -> new StepFunctionsException(Code.InvalidToken, "not a task token"));
        ExecutionActor actor = active.get(executionArn);
        if (actor == null) {
            if (services.store().find(executionArn).isPresent()) {
                throw new StepFunctionsException(Code.TaskTimedOut, "the execution of this task token is not running");
            }
            throw new StepFunctionsException(Code.InvalidToken, "no execution has this task token");
        }
        return actor;
    }

    private ExecutionSnapshot snapshot(String executionArn) {
        return services.store().find(executionArn).orElseThrow(() -> new StepFunctionsException(
                Code.ExecutionDoesNotExist, "no execution " + executionArn));
    }

    private Optional<Definition> definition(String revisionId) {
        Definition known = revisions.get(revisionId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Definition> stored = services.store().definition(revisionId).map(DefinitionLoader::parse);
        stored.ifPresent(d -> revisions.put(revisionId, d));
        return stored;
    }

    private static JsonNode parseInput(String inputJson) {
        if (inputJson.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            throw new StepFunctionsException(Code.InvalidExecutionInput, "the input is larger than 256 KiB");
        }
        try {
            return Json.parse(inputJson);
        } catch (IllegalArgumentException e) {
            throw new StepFunctionsException(Code.InvalidExecutionInput, "the input is not JSON: " + e.getMessage());
        }
    }

    private static void await(CompletableFuture<Void> answer) {
        try {
            answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StepFunctionsException) {
                throw (StepFunctionsException) e.getCause();
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the execution did not take the call within " + CALL_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Options of a runner; only the store is required. */
    public static final class Builder {
        private ExecutionStore store;
        private TaskResources tasks = new TaskResources();
        private Clock clock = Clock.systemUTC();
        private DelayOverrides overrides = DelayOverrides.NONE;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private int workerThreads = 2;
        private int taskThreadCount = 16;
        private Timers timers;
        private Executor workers;
        private ExecutorService taskThreads;

        private Builder() {}

        public Builder store(ExecutionStore store) {
            this.store = store;
            return this;
        }

        public Builder tasks(TaskResources tasks) {
            this.tasks = tasks;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder delayOverrides(DelayOverrides overrides) {
            this.overrides = overrides;
            return this;
        }

        /** Region and account in the ARNs the runner makes; us-east-1 and 000000000000 by default. */
        public Builder arnScope(String region, String accountId) {
            this.region = region;
            this.accountId = accountId;
            return this;
        }

        /** Threads that move executions and fire timers (2 by default). */
        public Builder workerThreads(int count) {
            this.workerThreads = count;
            return this;
        }

        /** Threads that run task handlers, which may block (16 by default). */
        public Builder taskThreads(int count) {
            this.taskThreadCount = count;
            return this;
        }

        /** For deterministic tests: timers and executors the test controls. */
        Builder timing(Timers timers, Executor workers, ExecutorService taskThreads) {
            this.timers = timers;
            this.workers = workers;
            this.taskThreads = taskThreads;
            return this;
        }

        public StateMachineRunner build() {
            if (store == null) {
                throw new IllegalStateException("a runner needs an ExecutionStore");
            }
            if (workerThreads < 1 || taskThreadCount < 1) {
                throw new IllegalStateException("a runner needs at least one worker and one task thread");
            }
            return new StateMachineRunner(this);
        }
    }
}
