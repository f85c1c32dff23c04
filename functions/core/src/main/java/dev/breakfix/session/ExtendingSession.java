package dev.breakfix.session;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Giving a READY session more time, a step at a time, up to the owner's {@link TimeAllowance}. */
public final class ExtendingSession {
    /** How much one "extend" adds, at most. */
    public static final Duration STEP = Duration.ofMinutes(10);

    private final ScenarioCatalog catalog;
    private final Sessions sessions;
    private final Workflows workflows;
    private final Clock clock;

    public ExtendingSession(ScenarioCatalog catalog, Sessions sessions, Workflows workflows, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.workflows = workflows;
        this.clock = clock;
    }

    public sealed interface Result {
        record Extended(Instant expiresAt) implements Result {}

        record NotFound() implements Result {}

        record NotReady(SessionState state) implements Result {}

        record LimitReached(Instant expiresAt) implements Result {}

        /** Another extension changed the deadline at the same moment; asking again works. */
        record Conflict() implements Result {}
    }

    public Result extend(Owner owner, SessionId id) {
        Optional<Session> owned = sessions.find(id).filter(s -> owner.mayAccess(s.owner()));
        if (owned.isEmpty()) {
            return new Result.NotFound();
        }
        Session session = owned.get();
        if (session.state() != SessionState.READY || session.expiresAt().isEmpty() || session.readyAt().isEmpty()
                || session.endRequested().isPresent()) {
            return new Result.NotReady(session.state());
        }
        Scenario scenario = catalog.find(session.scenarioId()).orElseThrow();
        Instant current = session.expiresAt().get();
        Instant limit = session.readyAt().get().plus(TimeAllowance.of(session.owner(), scenario).total());
        Instant next = current.plus(STEP).isAfter(limit) ? limit : current.plus(STEP);
        if (!next.isAfter(current)) {
            return new Result.LimitReached(current);
        }
        Optional<Session> extended = sessions.extend(id, current, next);
        if (extended.isEmpty()) {
            return new Result.Conflict();
        }
        long secondsLeft = Math.max(1, Duration.between(clock.instant(), next).toSeconds());
        // If the token was swapped meanwhile, the workflow sees the new deadline when it parks again.
        extended.get().waitToken().ifPresent(token ->
                workflows.resume(token, new Workflows.Signal.Extend(next, secondsLeft)));
        return new Result.Extended(next);
    }
}
