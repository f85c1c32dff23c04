package dev.breakfix.session;

import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.workflow.SessionAlreadyEnding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The workflow's step that starts the clock: BOOTING → READY, expiring after the owner's time limit
 * ({@link TimeAllowance}: the scenario's, shorter for anonymous visitors).
 * The workflow then waits until the deadline the store holds, which is the one the user is shown.
 */
public final class MarkingSessionReady {
    private final ScenarioCatalog catalog;
    private final Sessions sessions;
    private final Clock clock;

    public MarkingSessionReady(ScenarioCatalog catalog, Sessions sessions, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.clock = clock;
    }

    public record Ready(Instant expiresAt, long secondsLeft) {}

    /**
     * Idempotent: called again for a session it already made READY (a retried or resumed task), it
     * answers the stored deadline again instead of taking the session for ended.
     *
     * @throws SessionAlreadyEnding if the owner ended the session while its server was starting
     */
    public Ready markReady(SessionId id) {
        Session session = sessions.find(id).orElseThrow(() -> new IllegalStateException("no such session"));
        Duration limit = TimeAllowance.of(session.owner(), catalog.find(session.scenarioId()).orElseThrow()).timeLimit();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(limit);
        Optional<Session> ready = sessions.markReady(id, now, expiresAt)
                .or(() -> sessions.find(id).filter(MarkingSessionReady::readyAlready));
        // The workflow waits for the deadline as stored, which is the one the user sees.
        return ready.map(s -> s.expiresAt().orElse(expiresAt))
                .map(stored -> new Ready(stored, secondsUntil(now, stored)))
                .orElseThrow(() -> new SessionAlreadyEnding("the session was ended while its server started"));
    }

    /** Whole seconds, rounded up: the workflow must not give up before the deadline the user sees. */
    private static long secondsUntil(Instant now, Instant deadline) {
        long millis = Duration.between(now, deadline).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** READY with its clock started, and nobody asked to end it. */
    private static boolean readyAlready(Session session) {
        return session.state() == SessionState.READY && session.expiresAt().isPresent()
                && session.endRequested().isEmpty();
    }
}
