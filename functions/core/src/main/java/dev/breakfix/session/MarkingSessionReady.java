package dev.breakfix.session;

import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.workflow.SessionAlreadyEnding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The workflow's step that starts the clock: BOOTING → READY, expiring after the scenario's time limit. */
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

    /** @throws SessionAlreadyEnding if the owner ended the session while its server was starting */
    public Ready markReady(SessionId id) {
        Session session = sessions.find(id).orElseThrow(() -> new IllegalStateException("no such session"));
        int minutes = catalog.find(session.scenarioId()).orElseThrow().timeLimitMinutes();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(Duration.ofMinutes(minutes));
        return sessions.markReady(id, now, expiresAt)
                .map(s -> new Ready(expiresAt, Duration.ofMinutes(minutes).toSeconds()))
                .orElseThrow(() -> new SessionAlreadyEnding("the session was ended while its server started"));
    }
}
