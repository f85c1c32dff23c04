package dev.breakfix.workflow;

import dev.breakfix.session.EndReason;
import dev.breakfix.session.SessionId;
import java.time.Instant;

/**
 * The session workflow (Step Functions on AWS, the local ASL runner locally): one execution per
 * session, named by its id. "End", "solved and end", "extend" and "time is up" all resume the one
 * task token the execution waits on.
 */
public interface Workflows {

    /** Starts the session's execution; starting the same session twice with the same input is harmless. */
    void start(SessionStart input);

    /**
     * Resumes the execution waiting on {@code token}; false if that token is no longer waited on (it was
     * used or timed out), which callers treat as "the session is already moving on".
     */
    boolean resume(String token, Signal signal);

    /** What the execution starts with. {@code deadline} is when the server must be gone at the latest. */
    record SessionStart(SessionId sessionId, String scenarioId, String owner, int timeLimitSeconds,
            Instant deadline) {}

    /** How a waiting session is resumed. */
    sealed interface Signal {
        record End(EndReason reason) implements Signal {}

        record Extend(Instant expiresAt, long secondsLeft) implements Signal {}
    }
}
