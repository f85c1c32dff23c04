package dev.breakfix.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything needed to take an execution up again, as an {@link ExecutionStore} keeps it. Written at
 * every transition; {@code version} grows by one with each write. Fields documented as nullable are
 * {@code null} when they do not apply.
 *
 * @param revisionId the stored definition the execution runs (its SHA-256)
 * @param stopDate nullable: while running
 * @param output nullable: unless SUCCEEDED
 * @param error nullable: unless FAILED, TIMED_OUT or ABORTED
 * @param cause nullable
 * @param deadline nullable: when the definition has a TimeoutSeconds
 * @param cursor nullable: once the execution is closed
 * @param nextEventId the id the next history event gets; events from an interrupted write, with
 *     higher ids, are not part of the history
 */
public record ExecutionSnapshot(
        String executionArn,
        String stateMachineArn,
        String name,
        String revisionId,
        ExecutionStatus status,
        JsonNode input,
        Instant startDate,
        Instant stopDate,
        JsonNode output,
        String error,
        String cause,
        Instant deadline,
        Cursor cursor,
        long version,
        long nextEventId) {

    /** What a running execution is doing, in the state it is in. */
    public enum Phase {
        /** Entered; the state's work is still to do (or to redo after a restart). */
        READY,
        /** The task's resource was called and has not answered; a restart calls it again. */
        TASK_IN_FLIGHT,
        /** The resource answered; the task waits for its task token. */
        AWAITING_CALLBACK,
        /** Waiting out a retrier's interval until {@code wakeAt}. */
        RETRY_BACKOFF,
        /** A Wait state, until {@code wakeAt}. */
        WAITING
    }

    /**
     * @param input the state's raw input
     * @param taskInput nullable: the effective input sent to the task's resource
     * @param wakeAt nullable: end of a Wait or of a retry interval
     * @param taskToken nullable: the token of a {@code .waitForTaskToken} task
     * @param taskDeadline nullable: when the task times out (TimeoutSeconds)
     * @param heartbeatSeconds 0 when the task has no HeartbeatSeconds
     * @param heartbeatDeadline nullable: when the task times out for want of a heartbeat
     */
    public record Cursor(
            String state,
            JsonNode input,
            Instant enteredAt,
            Phase phase,
            int retryCount,
            List<Integer> retrierAttempts,
            JsonNode taskInput,
            Instant wakeAt,
            String taskToken,
            Instant taskDeadline,
            int heartbeatSeconds,
            Instant heartbeatDeadline) {}
}
