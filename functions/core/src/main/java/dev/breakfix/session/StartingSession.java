package dev.breakfix.session;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting an attempt at a scenario: one active session per owner (per candidate, for a partner),
 * within the global server cap, for as long as the owner's {@link TimeAllowance}.
 */
public final class StartingSession {
    private static final Logger LOG = LoggerFactory.getLogger(StartingSession.class);

    /** Time past a session's latest possible end after which its server and lock are fair game for the reaper. */
    public static final Duration GRACE = Duration.ofMinutes(15);

    private final ScenarioCatalog catalog;
    private final Sessions sessions;
    private final ActiveSessions active;
    private final ServerSlots slots;
    private final int maxRunningServers;
    private final Workflows workflows;
    private final Clock clock;

    public StartingSession(ScenarioCatalog catalog, Sessions sessions, ActiveSessions active, ServerSlots slots,
            int maxRunningServers, Workflows workflows, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.active = active;
        this.slots = slots;
        this.maxRunningServers = maxRunningServers;
        this.workflows = workflows;
        this.clock = clock;
    }

    public record Command(Owner owner, String scenarioId) {}

    public sealed interface Result {
        record Started(Session session) implements Result {}

        record UnknownScenario() implements Result {}

        record ActiveSessionExists(SessionId active) implements Result {}

        record NoCapacity() implements Result {}

        /** A partner starts sessions for a candidate, and did not say for which. */
        record CandidateRequired() implements Result {}
    }

    public Result start(Command command) {
        if (command.owner().kind() == Owner.Kind.PARTNER && command.owner().candidate().isEmpty()) {
            return new Result.CandidateRequired();
        }
        Optional<Scenario> found = catalog.find(command.scenarioId());
        if (found.isEmpty()) {
            return new Result.UnknownScenario();
        }
        Scenario scenario = found.get();
        // An early, cheap refusal; the workflow's conditional reservation is what holds the cap.
        if (slots.running() >= maxRunningServers) {
            return new Result.NoCapacity();
        }
        Instant now = clock.instant();
        SessionId id = SessionId.random();
        TimeAllowance allowance = TimeAllowance.of(command.owner(), scenario);
        Instant deadline = latestEnd(allowance, now);
        Optional<SessionId> holder = active.claim(command.owner(), id, now, deadline);
        if (holder.isPresent()) {
            return new Result.ActiveSessionExists(holder.get());
        }
        Session session = Session.requested(id, command.owner(), scenario.id(), now);
        sessions.create(session);
        try {
            workflows.start(new Workflows.SessionStart(id, scenario.id(), command.owner().key(),
                    (int) allowance.timeLimit().toSeconds(), deadline));
        } catch (RuntimeException e) {
            LOG.error("the session's workflow did not start", e);
            sessions.markFailed(id, new Session.Failure("START_FAILED", "The session could not start. Please try again."),
                    clock.instant());
            active.release(command.owner(), id);
            throw e;
        }
        LOG.info("session requested for scenario {}", scenario.id());
        return new Result.Started(session);
    }

    /** The latest a session can end: start-up, the time limit, every extension, and grace. */
    static Instant latestEnd(TimeAllowance allowance, Instant now) {
        return now.plus(allowance.total()).plus(GRACE);
    }

    /**
     * The latest any session of this scenario can end, whoever owns it (an anonymous visitor's ends
     * sooner: {@link TimeAllowance}); never earlier than the session's own deadline.
     */
    static Instant latestEnd(Scenario scenario, Instant now) {
        return now.plus(Duration.ofMinutes(scenario.timeLimitMinutes() + scenario.extensionMinutes())).plus(GRACE);
    }
}
