package dev.breakfix.session;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.Routes;
import dev.breakfix.server.ScenarioChecks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running the scenario's check on a READY session's server: at most one per {@link #MIN_INTERVAL}
 * per session, every attempt counted, the first pass timed; optionally ending the session on success.
 */
public final class CheckingSolution {
    private static final Logger LOG = LoggerFactory.getLogger(CheckingSolution.class);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    private final ScenarioCatalog catalog;
    private final Sessions sessions;
    private final Routes routes;
    private final ScenarioChecks checks;
    private final EndingSession ending;
    private final Clock clock;

    public CheckingSolution(ScenarioCatalog catalog, Sessions sessions, Routes routes, ScenarioChecks checks,
            EndingSession ending, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.routes = routes;
        this.checks = checks;
        this.ending = ending;
        this.clock = clock;
    }

    public sealed interface Result {
        record Checked(boolean solved, String message, boolean ending) implements Result {}

        record NotFound() implements Result {}

        record NotReady(SessionState state) implements Result {}

        record TooSoon(long retryAfterSeconds) implements Result {}
    }

    public Result check(Owner owner, SessionId id, boolean endWhenSolved) {
        Optional<Session> owned = sessions.find(id).filter(s -> owner.mayAccess(s.owner()));
        if (owned.isEmpty()) {
            return new Result.NotFound();
        }
        Session session = owned.get();
        if (session.state() != SessionState.READY) {
            return new Result.NotReady(session.state());
        }
        Optional<Routes.Route> route = routes.find(id);
        if (route.isEmpty()) {
            return new Result.NotReady(session.state());
        }
        Instant now = clock.instant();
        if (!sessions.startCheck(id, now, now.minus(MIN_INTERVAL))) {
            long wait = session.lastCheckAt()
                    .map(last -> Math.max(1, Duration.between(now, last.plus(MIN_INTERVAL)).toSeconds() + 1))
                    .orElse(MIN_INTERVAL.toSeconds());
            return new Result.TooSoon(wait);
        }
        Scenario scenario = catalog.find(session.scenarioId()).orElseThrow();
        ScenarioChecks.CheckOutcome outcome = checks.run(id, scenario, route.get().address());
        sessions.recordCheck(id, clock.instant(), outcome.solved());
        LOG.info("check ran: solved={}", outcome.solved());
        boolean endNow = outcome.solved() && endWhenSolved;
        if (endNow) {
            ending.end(owner, id, EndReason.SOLVED_AND_ENDED);
        }
        return new Result.Checked(outcome.solved(), outcome.message(), endNow);
    }
}
