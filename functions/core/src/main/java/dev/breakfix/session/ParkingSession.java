package dev.breakfix.session;

import dev.breakfix.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's wait for the end: stores the task token on the session. If the owner asked to end, or
 * extended, while the previous token was being replaced, the request is already on the session, so
 * this step resumes the workflow itself.
 */
public final class ParkingSession {
    private static final Logger LOG = LoggerFactory.getLogger(ParkingSession.class);

    private final Sessions sessions;
    private final Workflows workflows;
    private final Clock clock;

    public ParkingSession(Sessions sessions, Workflows workflows, Clock clock) {
        this.sessions = sessions;
        this.workflows = workflows;
        this.clock = clock;
    }

    /** @param expectedExpiry the deadline the workflow is waiting for */
    public void park(SessionId id, String token, Optional<Instant> expectedExpiry) {
        Optional<Session> stored = sessions.storeWaitToken(id, token);
        if (stored.isEmpty()) {
            LOG.warn("session is no longer READY while parking; ending it");
            workflows.resume(token, new Workflows.Signal.End(EndReason.REAPED));
            return;
        }
        Session session = stored.get();
        if (session.endRequested().isPresent()) {
            workflows.resume(token, new Workflows.Signal.End(session.endRequested().get()));
        } else if (session.expiresAt().isPresent() && expectedExpiry.isPresent()
                && !session.expiresAt().get().equals(expectedExpiry.get())) {
            Instant next = session.expiresAt().get();
            long secondsLeft = Math.max(1, Duration.between(clock.instant(), next).toSeconds());
            workflows.resume(token, new Workflows.Signal.Extend(next, secondsLeft));
        }
    }
}
