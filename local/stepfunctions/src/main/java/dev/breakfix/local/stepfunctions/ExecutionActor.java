package dev.breakfix.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.ExecutionSnapshot.Cursor;
import dev.breakfix.local.stepfunctions.ExecutionSnapshot.Phase;
import dev.breakfix.local.stepfunctions.asl.AslError;
import dev.breakfix.local.stepfunctions.asl.Catcher;
import dev.breakfix.local.stepfunctions.asl.ChoiceRule;
import dev.breakfix.local.stepfunctions.asl.Definition;
import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.asl.JsonPaths;
import dev.breakfix.local.stepfunctions.asl.Retrier;
import dev.breakfix.local.stepfunctions.asl.State;
import dev.breakfix.local.stepfunctions.asl.StatesErrors;
import dev.breakfix.local.stepfunctions.asl.Timestamps;
import dev.breakfix.local.stepfunctions.tasks.TaskFailure;
import dev.breakfix.local.stepfunctions.tasks.TaskHandler;
import dev.breakfix.local.stepfunctions.tasks.TaskRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One running execution. All of its work runs on its own {@link SerialExecutor}, one step at a
 * time: entering a state, a task's answer, a timer, a callback. Every transition is saved before
 * the execution goes on, so that a new runner can take it up from the last one saved.
 */
final class ExecutionActor {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionActor.class);
    static final String MDC_KEY = "sessionId";
    /** Step Functions fails an execution whose payloads grow past 256 KiB. */
    private static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Step Functions' limit on a Standard execution's history. */
    private static final long MAX_EVENTS = 25_000;
    /** Instantaneous transitions in a row before the execution lets others run. */
    private static final int STEPS_PER_TURN = 100;
    private static final DateTimeFormatter CONTEXT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Services services;
    private final Definition definition;
    private final SerialExecutor mailbox;
    private final CompletableFuture<ExecutionSnapshot> closed = new CompletableFuture<>();

    private final String executionArn;
    private final String stateMachineArn;
    private final String name;
    private final String revisionId;
    private final JsonNode input;
    private final Instant startDate;
    private final Instant deadline;
    private ExecutionStatus status;
    private Instant stopDate;
    private JsonNode output;
    private String error;
    private String cause;
    private long version;
    private long nextEventId;

    private String stateName;
    private JsonNode stateInput;
    private Instant enteredAt;
    private Phase phase;
    private int retryCount;
    private int[] retrierAttempts;
    private JsonNode taskInput;
    private Instant wakeAt;
    private String taskToken;
    private Instant taskDeadline;
    private int heartbeatSeconds;
    private Instant heartbeatDeadline;

    private final List<HistoryEvent> pending = new ArrayList<>();
    private long attempt;
    private Future<?> inFlight;
    private Timers.Cancellable wakeTimer;
    private Timers.Cancellable taskTimer;
    private Timers.Cancellable heartbeatTimer;
    private Timers.Cancellable executionTimer;
    private boolean stalled;

    ExecutionActor(Services services, Definition definition, ExecutionSnapshot snapshot) {
        this.services = services;
        this.definition = definition;
        this.mailbox = new SerialExecutor(services.workers());
        this.executionArn = snapshot.executionArn();
        this.stateMachineArn = snapshot.stateMachineArn();
        this.name = snapshot.name();
        this.revisionId = snapshot.revisionId();
        this.input = snapshot.input();
        this.startDate = snapshot.startDate();
        this.deadline = snapshot.deadline();
        this.status = snapshot.status();
        this.version = snapshot.version();
        this.nextEventId = snapshot.nextEventId();
        Cursor cursor = snapshot.cursor();
        this.stateName = cursor.state();
        this.stateInput = cursor.input();
        this.enteredAt = cursor.enteredAt();
        this.phase = cursor.phase();
        this.retryCount = cursor.retryCount();
        this.retrierAttempts = cursor.retrierAttempts().stream().mapToInt(Integer::intValue).toArray();
        this.taskInput = cursor.taskInput();
        this.wakeAt = cursor.wakeAt();
        this.taskToken = cursor.taskToken();
        this.taskDeadline = cursor.taskDeadline();
        this.heartbeatSeconds = cursor.heartbeatSeconds();
        this.heartbeatDeadline = cursor.heartbeatDeadline();
    }

    /** The first snapshot of a new execution, entering its first state. */
    static ExecutionSnapshot newExecution(Definition definition, String executionArn, String stateMachineArn,
            String name, String revisionId, JsonNode input, Instant now, List<HistoryEvent> events) {
        ObjectNode started = Json.object();
        started.set("input", input);
        started.put("stateMachineArn", stateMachineArn);
        events.add(new HistoryEvent(1, 0, now, HistoryEventType.ExecutionStarted, started));
        State first = definition.state(definition.startAt());
        ObjectNode entered = Json.object();
        entered.put("name", first.name());
        entered.set("input", input);
        events.add(new HistoryEvent(2, 1, now, HistoryEventType.entered(first.type()), entered));
        Instant deadline = definition.timeoutSeconds().isPresent()
                ? now.plusSeconds(definition.timeoutSeconds().getAsInt()) : null;
        Cursor cursor = new Cursor(first.name(), input, now, Phase.READY, 0, zeros(first), null, null, null, null, 0, null);
        return new ExecutionSnapshot(executionArn, stateMachineArn, name, revisionId, ExecutionStatus.RUNNING, input,
                now, null, null, null, null, deadline, cursor, 1, 3);
    }

    String executionArn() {
        return executionArn;
    }

    CompletableFuture<ExecutionSnapshot> closed() {
        return closed;
    }

    /** Starts a new execution, or takes up one that a previous runner left running. */
    void begin(boolean resumed) {
        mailbox.execute(() -> inContext(() -> {
            armExecutionTimer();
            if (resumed) {
                resume();
            } else {
                LOG.atInfo().addKeyValue("stateMachine", stateMachineArn).log("execution started");
                run();
            }
        }));
    }

    void sendSuccess(String token, JsonNode result, CompletableFuture<Void> answer) {
        mailbox.execute(() -> inContext(() -> {
            if (!callbackOpen(token, answer)) {
                return;
            }
            answer.complete(null);
            attempt++; // a resource call still in flight no longer matters
            cancelTaskTimers();
            event(HistoryEventType.TaskSucceeded, details().put("resource", task().resource().arn()).set("output", result));
            LOG.atInfo().addKeyValue("state", stateName).log("task token succeeded");
            taskSucceeded(result);
            run();
        }));
    }

    void sendFailure(String token, String failure, String failureCause, CompletableFuture<Void> answer) {
        mailbox.execute(() -> inContext(() -> {
            if (!callbackOpen(token, answer)) {
                return;
            }
            answer.complete(null);
            attempt++;
            cancelTaskTimers();
            event(HistoryEventType.TaskFailed, details().put("resource", task().resource().arn())
                    .put("error", failure).put("cause", failureCause));
            LOG.atInfo().addKeyValue("state", stateName).addKeyValue("error", failure).log("task token failed");
            taskError(failure, failureCause);
            run();
        }));
    }

    void sendHeartbeat(String token, CompletableFuture<Void> answer) {
        mailbox.execute(() -> inContext(() -> {
            if (!callbackOpen(token, answer)) {
                return;
            }
            if (heartbeatSeconds > 0) {
                heartbeatDeadline = services.timers().now().plusSeconds(heartbeatSeconds);
                if (!persist()) {
                    answer.completeExceptionally(new IllegalStateException("the heartbeat could not be saved"));
                    return;
                }
                armHeartbeatTimer();
            }
            answer.complete(null);
        }));
    }

    void stop(String stopError, String stopCause, CompletableFuture<Void> answer) {
        mailbox.execute(() -> inContext(() -> {
            if (status != ExecutionStatus.RUNNING || stalled) {
                answer.complete(null);
                return;
            }
            close(ExecutionStatus.ABORTED, HistoryEventType.ExecutionAborted, null, stopError, stopCause);
            answer.complete(null);
        }));
    }

    private boolean callbackOpen(String token, CompletableFuture<Void> answer) {
        boolean open = status == ExecutionStatus.RUNNING && !stalled && token.equals(taskToken)
                && (phase == Phase.TASK_IN_FLIGHT || phase == Phase.AWAITING_CALLBACK);
        if (!open) {
            answer.completeExceptionally(new StepFunctionsException(StepFunctionsException.Code.TaskTimedOut,
                    "the task of this token is no longer waiting (it finished, timed out or was stopped)"));
        }
        return open;
    }

    // ---- moving through states -------------------------------------------------------------------

    /** Runs instantaneous work until the execution waits for something or ends. */
    private void run() {
        int steps = 0;
        while (isLive() && phase == Phase.READY) {
            if (steps++ == STEPS_PER_TURN) {
                mailbox.execute(() -> inContext(this::run));
                return;
            }
            step();
        }
    }

    private void step() {
        State state = definition.state(stateName);
        JsonNode context = context();
        try {
            if (state instanceof State.Task) {
                dispatch((State.Task) state, context);
            } else if (state instanceof State.Pass) {
                pass((State.Pass) state, context);
            } else if (state instanceof State.Choice) {
                choose((State.Choice) state, context);
            } else if (state instanceof State.Wait) {
                startWaiting((State.Wait) state, context);
            } else if (state instanceof State.Succeed) {
                State.Succeed succeed = (State.Succeed) state;
                exit(succeed.outputPath().select(succeed.inputPath().select(stateInput, context), context),
                        State.Transition.END);
            } else {
                fail((State.Fail) state, context);
            }
        } catch (AslError e) {
            if (state instanceof State.Task) {
                taskError(e.error(), e.cause());
            } else {
                failExecution(e.error(), e.cause());
            }
        }
    }

    private void pass(State.Pass pass, JsonNode context) {
        JsonNode effective = pass.inputPath().select(stateInput, context);
        if (pass.parameters().isPresent()) {
            effective = pass.parameters().get().evaluate(effective, context);
        }
        JsonNode result = pass.result().isPresent() ? pass.result().get().deepCopy() : effective;
        JsonNode merged = pass.resultPath().merge(stateInput, result);
        exit(pass.outputPath().select(merged, context), pass.transition());
    }

    private void choose(State.Choice choice, JsonNode context) {
        JsonNode effective = choice.inputPath().select(stateInput, context);
        Optional<String> next = Optional.empty();
        for (State.Choice.Branch branch : choice.choices()) {
            ChoiceRule rule = branch.rule();
            if (rule.test(effective, context)) {
                next = Optional.of(branch.next());
                break;
            }
        }
        if (next.isEmpty()) {
            next = choice.defaultState();
        }
        if (next.isEmpty()) {
            throw new AslError(StatesErrors.NO_CHOICE_MATCHED, "No choice rule of state '" + stateName
                    + "' matched the input '" + Json.write(effective) + "' and there is no Default");
        }
        exit(choice.outputPath().select(effective, context), State.Transition.to(next.get()));
    }

    private void startWaiting(State.Wait wait, JsonNode context) {
        JsonNode effective = wait.inputPath().select(stateInput, context);
        Instant until = waitUntil(wait, effective, context);
        Optional<Duration> override = services.overrides().waitOf(stateName);
        if (override.isPresent()) {
            until = services.timers().now().plus(override.get());
        }
        if (!until.isAfter(services.timers().now())) {
            finishWaiting(wait, context);
            return;
        }
        phase = Phase.WAITING;
        wakeAt = until;
        if (persist()) {
            LOG.atInfo().addKeyValue("state", stateName).addKeyValue("until", until).log("waiting");
            armWakeTimer();
        }
    }

    private Instant waitUntil(State.Wait wait, JsonNode effective, JsonNode context) {
        State.Wait.Until until = wait.until();
        if (until instanceof State.Wait.Seconds) {
            return enteredAt.plusSeconds(((State.Wait.Seconds) until).seconds());
        }
        if (until instanceof State.Wait.Timestamp) {
            return ((State.Wait.Timestamp) until).timestamp();
        }
        if (until instanceof State.Wait.SecondsPath) {
            String path = ((State.Wait.SecondsPath) until).path();
            JsonNode seconds = JsonPaths.read(path, effective, context);
            if (!seconds.isIntegralNumber() || seconds.longValue() < 0) {
                throw AslError.runtime("The SecondsPath '" + path + "' must select a non-negative integer but"
                        + " selected " + Json.write(seconds));
            }
            return enteredAt.plusSeconds(seconds.longValue());
        }
        String path = ((State.Wait.TimestampPath) until).path();
        JsonNode timestamp = JsonPaths.read(path, effective, context);
        Optional<Instant> parsed = Timestamps.parse(timestamp);
        if (parsed.isEmpty()) {
            throw AslError.runtime("The TimestampPath '" + path + "' must select an RFC 3339 timestamp but"
                    + " selected " + Json.write(timestamp));
        }
        return parsed.get();
    }

    private void finishWaiting(State.Wait wait, JsonNode context) {
        JsonNode effective = wait.inputPath().select(stateInput, context);
        exit(wait.outputPath().select(effective, context), wait.transition());
    }

    private void fail(State.Fail fail, JsonNode context) {
        String failError = fail.error().map(source -> source.text(stateInput, context)).orElse(null);
        String failCause = fail.cause().map(source -> source.text(stateInput, context)).orElse(null);
        failExecution(failError, failCause);
    }

    // ---- tasks -------------------------------------------------------------------------------------

    private void dispatch(State.Task task, JsonNode context) {
        String token = task.resource().waitsForTaskToken() ? TaskTokens.issue(executionArn) : null;
        taskToken = token;
        JsonNode withToken = token == null ? context : context();
        JsonNode effective = task.inputPath().select(stateInput, withToken);
        if (task.parameters().isPresent()) {
            effective = task.parameters().get().evaluate(effective, withToken);
        }
        // TimeoutSecondsPath and HeartbeatSecondsPath read the state's input, not the Parameters built for the
        // resource: a session's time left sits in its input, beside the payload the task sends.
        int timeout = seconds(task.timeout(), stateInput, withToken, "TimeoutSecondsPath");
        int heartbeat = token == null ? 0 : seconds(task.heartbeat(), stateInput, withToken, "HeartbeatSecondsPath");
        Instant now = services.timers().now();
        taskInput = effective;
        taskDeadline = timeout > 0 ? now.plusSeconds(timeout) : null;
        heartbeatSeconds = heartbeat;
        heartbeatDeadline = heartbeat > 0 ? now.plusSeconds(heartbeat) : null;
        phase = Phase.TASK_IN_FLIGHT;
        ObjectNode scheduled = details().put("resource", task.resource().arn());
        scheduled.set("parameters", effective);
        if (timeout > 0) {
            scheduled.put("timeoutInSeconds", timeout);
        }
        if (heartbeat > 0) {
            scheduled.put("heartbeatInSeconds", heartbeat);
        }
        event(HistoryEventType.TaskScheduled, scheduled);
        event(HistoryEventType.TaskStarted, details().put("resource", task.resource().arn()));
        attempt++;
        // A callback task is saved before its call: its token must outlive a restart, for the answer to find
        // the execution. Any other task is not: what its call is made from (the state's input and entry time)
        // was saved when the state was entered, so a restart re-enters the state and makes the call again,
        // at least once as before, and the state costs one save (two DynamoDB writes) instead of two. Its
        // events are saved with the next transition.
        if (token != null && !persist()) {
            return;
        }
        armTaskTimers();
        invoke(task);
    }

    private int seconds(State.Seconds seconds, JsonNode effective, JsonNode context, String field) {
        if (seconds.fixed().isPresent()) {
            return seconds.fixed().getAsInt();
        }
        if (seconds.path().isEmpty()) {
            return 0;
        }
        JsonNode value = JsonPaths.read(seconds.path().get(), effective, context);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw AslError.runtime("The " + field + " '" + seconds.path().get() + "' must select a positive integer"
                    + " but selected " + Json.write(value));
        }
        return value.intValue();
    }

    private void invoke(State.Task task) {
        long myAttempt = attempt;
        Optional<TaskHandler> handler = services.tasks().resolve(task.resource().target());
        if (handler.isEmpty()) {
            failExecution(StatesErrors.RUNTIME, "No local handler is registered for the resource '"
                    + task.resource().target() + "'");
            return;
        }
        TaskRequest request = new TaskRequest(task.resource().target(), taskInput.deepCopy(), executionArn, name,
                stateName, retryCount, Optional.ofNullable(taskToken));
        LOG.atInfo().addKeyValue("state", stateName).addKeyValue("resource", task.resource().arn())
                .addKeyValue("retryCount", retryCount).log("task started");
        try {
            inFlight = services.taskThreads().submit(() -> {
                MDC.put(MDC_KEY, name);
                try {
                    JsonNode result = handler.get().invoke(request);
                    JsonNode answer = result == null ? Json.nodes().nullNode() : result;
                    mailbox.execute(() -> inContext(() -> taskAnswered(myAttempt, answer)));
                } catch (TaskFailure failure) {
                    mailbox.execute(() -> inContext(() -> taskFailed(myAttempt, failure.error(),
                            failure.failureCause().orElse(null))));
                } catch (AslError e) {
                    mailbox.execute(() -> inContext(() -> taskFailed(myAttempt, e.error(), e.cause())));
                } catch (RuntimeException | Error e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return; // timed out or stopped: the answer no longer matters
                    }
                    LOG.atWarn().addKeyValue("state", stateName).setCause(e).log("task handler threw");
                    mailbox.execute(() -> inContext(() -> taskFailed(myAttempt, StatesErrors.TASK_FAILED,
                            e.getClass().getName() + ": " + e.getMessage())));
                } finally {
                    MDC.remove(MDC_KEY);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            LOG.atInfo().log("task not started: the runner is shutting down");
        }
    }

    private void taskAnswered(long answeredAttempt, JsonNode result) {
        if (!isLive() || answeredAttempt != attempt || phase != Phase.TASK_IN_FLIGHT) {
            return;
        }
        inFlight = null;
        State.Task task = task();
        if (task.resource().waitsForTaskToken()) {
            phase = Phase.AWAITING_CALLBACK;
            event(HistoryEventType.TaskSubmitted, details().put("resource", task.resource().arn()).set("output", result));
            if (persist()) {
                LOG.atInfo().addKeyValue("state", stateName).log("waiting for task token");
            }
            return;
        }
        cancelTaskTimers();
        event(HistoryEventType.TaskSucceeded, details().put("resource", task.resource().arn()).set("output", result));
        LOG.atInfo().addKeyValue("state", stateName).log("task succeeded");
        taskSucceeded(result);
        run();
    }

    private void taskFailed(long failedAttempt, String failure, String failureCause) {
        if (!isLive() || failedAttempt != attempt || phase != Phase.TASK_IN_FLIGHT) {
            return;
        }
        inFlight = null;
        cancelTaskTimers();
        event(HistoryEventType.TaskFailed, details().put("resource", task().resource().arn())
                .put("error", failure).put("cause", failureCause));
        LOG.atInfo().addKeyValue("state", stateName).addKeyValue("error", failure).log("task failed");
        taskError(failure, failureCause);
        run();
    }

    private void taskTimedOut(long timedOutAttempt, String timeoutError) {
        if (!isLive() || timedOutAttempt != attempt
                || (phase != Phase.TASK_IN_FLIGHT && phase != Phase.AWAITING_CALLBACK)) {
            return;
        }
        attempt++;
        cancelInFlight();
        cancelTaskTimers();
        String timeoutCause = timeoutError.equals(StatesErrors.TIMEOUT)
                ? "The task did not finish within its TimeoutSeconds"
                : "The task sent no heartbeat within its HeartbeatSeconds";
        event(HistoryEventType.TaskTimedOut, details().put("resource", task().resource().arn())
                .put("error", timeoutError).put("cause", timeoutCause));
        LOG.atInfo().addKeyValue("state", stateName).addKeyValue("error", timeoutError).log("task timed out");
        taskError(timeoutError, timeoutCause);
        run();
    }

    private void taskSucceeded(JsonNode result) {
        State.Task task = task();
        JsonNode context = context();
        try {
            JsonNode selected = task.resultSelector().isPresent()
                    ? task.resultSelector().get().evaluate(result, context) : result;
            JsonNode merged = task.resultPath().merge(stateInput, selected);
            exit(task.outputPath().select(merged, context), task.transition());
        } catch (AslError e) {
            taskError(e.error(), e.cause());
        }
    }

    /** A Task state's error: retry it, catch it, or fail the execution with it. */
    private void taskError(String failure, String failureCause) {
        String errorName = failure == null ? StatesErrors.TASK_FAILED : failure;
        taskToken = null;
        if (StatesErrors.isTerminal(errorName)) {
            failExecution(errorName, failureCause);
            return;
        }
        State.Task task = task();
        for (int i = 0; i < task.retry().size(); i++) {
            Retrier retrier = task.retry().get(i);
            if (!retrier.matches(errorName)) {
                continue;
            }
            if (retrierAttempts[i] >= retrier.maxAttempts()) {
                break;
            }
            retrierAttempts[i]++;
            retryCount++;
            Duration delay = services.overrides().retryIntervalOf(stateName)
                    .orElse(retrier.delayBefore(retrierAttempts[i]));
            phase = Phase.RETRY_BACKOFF;
            wakeAt = services.timers().now().plus(delay);
            if (persist()) {
                LOG.atInfo().addKeyValue("state", stateName).addKeyValue("error", errorName)
                        .addKeyValue("retryCount", retryCount).addKeyValue("delayMillis", delay.toMillis())
                        .log("retrying task");
                armWakeTimer();
            }
            return;
        }
        for (Catcher catcher : task.catchers()) {
            if (!catcher.matches(errorName)) {
                continue;
            }
            ObjectNode errorOutput = Json.object().put("Error", errorName);
            if (failureCause != null) {
                errorOutput.put("Cause", failureCause);
            }
            JsonNode caught;
            try {
                caught = catcher.resultPath().merge(stateInput, errorOutput);
            } catch (AslError e) {
                failExecution(e.error(), e.cause());
                return;
            }
            LOG.atInfo().addKeyValue("state", stateName).addKeyValue("error", errorName)
                    .addKeyValue("next", catcher.next()).log("error caught");
            exit(caught, State.Transition.to(catcher.next()));
            return;
        }
        failExecution(errorName, failureCause);
    }

    // ---- transitions and endings ----------------------------------------------------------------

    private void exit(JsonNode stateOutput, State.Transition transition) {
        State state = definition.state(stateName);
        if (Json.utf8Size(stateOutput) > MAX_PAYLOAD_BYTES) {
            failExecution(StatesErrors.DATA_LIMIT_EXCEEDED, "The output of state '" + stateName + "' is larger than "
                    + MAX_PAYLOAD_BYTES + " bytes");
            return;
        }
        event(HistoryEventType.exited(state.type()), details().put("name", stateName).set("output", stateOutput));
        if (transition.isEnd()) {
            close(ExecutionStatus.SUCCEEDED, HistoryEventType.ExecutionSucceeded, stateOutput, null, null);
            return;
        }
        if (nextEventId > MAX_EVENTS) {
            failExecution(StatesErrors.RUNTIME, "The execution's history reached " + MAX_EVENTS + " events");
            return;
        }
        State next = definition.state(transition.next().get());
        stateName = next.name();
        stateInput = stateOutput;
        enteredAt = services.timers().now();
        phase = Phase.READY;
        retryCount = 0;
        retrierAttempts = zerosArray(next);
        taskInput = null;
        wakeAt = null;
        taskToken = null;
        taskDeadline = null;
        heartbeatSeconds = 0;
        heartbeatDeadline = null;
        event(HistoryEventType.entered(next.type()), details().put("name", next.name()).set("input", stateOutput));
        persist();
    }

    private void failExecution(String failError, String failCause) {
        LOG.atInfo().addKeyValue("state", stateName).addKeyValue("error", failError).log("execution failed");
        close(ExecutionStatus.FAILED, HistoryEventType.ExecutionFailed, null, failError, failCause);
    }

    private void close(ExecutionStatus finalStatus, HistoryEventType type, JsonNode result, String closeError,
            String closeCause) {
        cancelInFlight();
        cancelTaskTimers();
        cancel(wakeTimer);
        cancel(executionTimer);
        status = finalStatus;
        output = result;
        error = closeError;
        cause = closeCause;
        stopDate = services.timers().now();
        ObjectNode closing = details();
        if (result != null) {
            closing.set("output", result);
        }
        if (closeError != null || finalStatus != ExecutionStatus.SUCCEEDED) {
            closing.put("error", closeError).put("cause", closeCause);
        }
        event(type, closing);
        if (persist()) {
            LOG.atInfo().addKeyValue("status", finalStatus).log("execution closed");
            services.onClosed().accept(this);
            closed.complete(snapshot());
        }
    }

    // ---- resuming ----------------------------------------------------------------------------------

    private void resume() {
        event(HistoryEventType.ExecutionResumed, details().put("name", stateName).put("phase", phase.name()));
        if (!persist()) {
            return;
        }
        LOG.atInfo().addKeyValue("state", stateName).addKeyValue("phase", phase).log("execution resumed");
        switch (phase) {
            case READY:
                run();
                break;
            case TASK_IN_FLIGHT:
                // At least once: the interrupted call is made again, with the same input and token.
                attempt++;
                armTaskTimers();
                event(HistoryEventType.TaskStarted, details().put("resource", task().resource().arn()));
                invoke(task());
                break;
            case AWAITING_CALLBACK:
                armTaskTimers();
                break;
            default:
                armWakeTimer();
                break;
        }
    }

    // ---- timers --------------------------------------------------------------------------------------

    private void armWakeTimer() {
        cancel(wakeTimer);
        wakeTimer = schedule(wakeAt, () -> {
            if (!isLive() || (phase != Phase.WAITING && phase != Phase.RETRY_BACKOFF)) {
                return;
            }
            wakeTimer = null;
            if (phase == Phase.WAITING) {
                State.Wait wait = (State.Wait) definition.state(stateName);
                try {
                    finishWaiting(wait, context());
                } catch (AslError e) {
                    failExecution(e.error(), e.cause());
                }
            } else {
                phase = Phase.READY;
            }
            run();
        });
    }

    private void armTaskTimers() {
        long current = attempt;
        cancel(taskTimer);
        if (taskDeadline != null) {
            taskTimer = schedule(taskDeadline, () -> taskTimedOut(current, StatesErrors.TIMEOUT));
        }
        armHeartbeatTimer(current);
    }

    private void armHeartbeatTimer() {
        armHeartbeatTimer(attempt);
    }

    private void armHeartbeatTimer(long current) {
        cancel(heartbeatTimer);
        if (heartbeatDeadline != null) {
            heartbeatTimer = schedule(heartbeatDeadline, () -> taskTimedOut(current, StatesErrors.HEARTBEAT_TIMEOUT));
        }
    }

    private void armExecutionTimer() {
        if (deadline != null) {
            executionTimer = schedule(deadline, () -> {
                if (isLive()) {
                    LOG.atInfo().log("execution timed out");
                    close(ExecutionStatus.TIMED_OUT, HistoryEventType.ExecutionTimedOut, null, StatesErrors.TIMEOUT,
                            "The execution ran longer than the state machine's TimeoutSeconds");
                }
            });
        }
    }

    private Timers.Cancellable schedule(Instant at, Runnable action) {
        try {
            return services.timers().schedule(at, () -> mailbox.execute(() -> inContext(action)));
        } catch (RejectedExecutionException shuttingDown) {
            return () -> { };
        }
    }

    private void cancelTaskTimers() {
        cancel(taskTimer);
        cancel(heartbeatTimer);
        taskTimer = null;
        heartbeatTimer = null;
    }

    private void cancelInFlight() {
        if (inFlight != null) {
            inFlight.cancel(true);
            inFlight = null;
        }
    }

    private static void cancel(Timers.Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    // ---- persistence ---------------------------------------------------------------------------------

    private boolean persist() {
        if (stalled) {
            return false;
        }
        version++;
        ExecutionSnapshot snapshot = snapshot();
        try {
            services.store().update(snapshot, List.copyOf(pending));
            pending.clear();
            return true;
        } catch (RuntimeException e) {
            stalled = true;
            cancelInFlight();
            cancelTaskTimers();
            cancel(wakeTimer);
            cancel(executionTimer);
            LOG.atError().addKeyValue("state", stateName).setCause(e)
                    .log("execution could not be saved; it resumes from its last saved transition when the runner"
                            + " restarts");
            services.onClosed().accept(this);
            closed.completeExceptionally(e);
            return false;
        }
    }

    ExecutionSnapshot snapshot() {
        Cursor cursor = status == ExecutionStatus.RUNNING
                ? new Cursor(stateName, stateInput, enteredAt, phase, retryCount,
                        Arrays.stream(retrierAttempts).boxed().toList(), taskInput, wakeAt, taskToken, taskDeadline,
                        heartbeatSeconds, heartbeatDeadline)
                : null;
        return new ExecutionSnapshot(executionArn, stateMachineArn, name, revisionId, status, input, startDate,
                stopDate, output, error, cause, deadline, cursor, version, nextEventId);
    }

    private void event(HistoryEventType type, ObjectNode eventDetails) {
        long id = nextEventId++;
        pending.add(new HistoryEvent(id, id - 1, services.timers().now(), type, eventDetails));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private boolean isLive() {
        return status == ExecutionStatus.RUNNING && !stalled;
    }

    private State.Task task() {
        return (State.Task) definition.state(stateName);
    }

    private static ObjectNode details() {
        return Json.object();
    }

    private static List<Integer> zeros(State state) {
        int retriers = state instanceof State.Task ? ((State.Task) state).retry().size() : 0;
        return java.util.Collections.nCopies(retriers, 0);
    }

    private static int[] zerosArray(State state) {
        return new int[zeros(state).size()];
    }

    /** The context object {@code $$} for the current state. */
    private JsonNode context() {
        ObjectNode context = Json.object();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", executionArn);
        execution.set("Input", input);
        execution.put("Name", name);
        execution.put("RoleArn", "arn:aws:iam::" + services.accountId() + ":role/breakfix-local-stepfunctions");
        execution.put("StartTime", CONTEXT_TIME.format(startDate.truncatedTo(ChronoUnit.MILLIS)));
        execution.put("RedriveCount", 0);
        ObjectNode state = context.putObject("State");
        state.put("EnteredTime", CONTEXT_TIME.format(enteredAt.truncatedTo(ChronoUnit.MILLIS)));
        state.put("Name", stateName);
        state.put("RetryCount", retryCount);
        ObjectNode machine = context.putObject("StateMachine");
        machine.put("Id", stateMachineArn);
        machine.put("Name", stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1));
        if (taskToken != null) {
            context.putObject("Task").put("Token", taskToken);
        }
        return context;
    }

    private void inContext(Runnable work) {
        MDC.put(MDC_KEY, name);
        try {
            work.run();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
