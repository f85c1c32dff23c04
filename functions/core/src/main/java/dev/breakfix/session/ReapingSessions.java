package dev.breakfix.session;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.ServerFleet;
import dev.breakfix.server.ServerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The net behind the session workflow, run on a schedule (EventBridge Scheduler on AWS, a timer in the
 * local runtime). The workflow is the plan: every path of it ends with the server gone and the session
 * final. When it did not (its execution died, timed out, or a cleanup step kept failing), the reaper:
 *
 * <ol>
 *   <li>closes each session still not over {@link #grace} after its latest possible end (the time limit,
 *       every extension, start-up and cleanup: {@link StartingSession#latestEnd}): terminates its server,
 *       gives its server slot back if it still holds one ({@link Sessions#dropSlotHold}, so never twice),
 *       frees its owner's lock, and marks it FAILED with end reason {@link EndReason#REAPED} — in that
 *       order, so a reaper that stops half-way finds the session again next time;</li>
 *   <li>terminates each server that outlived its purpose by {@link #grace}: past the deadline it was
 *       launched with, or whose session is over, unknown, or runs on another server.</li>
 * </ol>
 *
 * <p>Every act is idempotent (terminating a server that is gone, releasing a lock held by another
 * session, closing a closed session: all harmless), so runs may overlap or repeat. Each act is logged
 * as one structured line with the session id.
 */
public final class ReapingSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ReapingSessions.class);

    /** How long past its due time something is left alone, so the workflow can finish on its own. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    /** Sessions looked at per run; the rest wait for the next run. */
    static final int BATCH = 100;

    /** What the user reads on a session the reaper closed. */
    public static final Session.Failure REAPED = new Session.Failure("REAPED",
            "This session stopped responding and was closed. Its server has been removed; please start a new one.");

    /** The longest any session can live: the longest scenario, fully extended, with start-up and cleanup. */
    static final Duration LONGEST_LIFE = Duration.ofMinutes(Scenario.MAX_TIME_LIMIT_MINUTES + Scenario.MAX_EXTENSION_MINUTES)
            .plus(StartingSession.GRACE);

    private final ScenarioCatalog catalog;
    private final Sessions sessions;
    private final ActiveSessions active;
    private final ServerSlotRelease slots;
    private final ServerFleet servers;
    private final Clock clock;
    private final Duration grace;

    public ReapingSessions(ScenarioCatalog catalog, Sessions sessions, ActiveSessions active, ServerSlotRelease slots,
            ServerFleet servers, Clock clock, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the reaper's grace cannot be negative");
        }
        this.catalog = catalog;
        this.sessions = sessions;
        this.active = active;
        this.slots = slots;
        this.servers = servers;
        this.clock = clock;
        this.grace = grace;
    }

    /** Why a server was terminated by the reaper. */
    public enum Why {
        /** Past the deadline it was launched with, plus grace. */
        PAST_DEADLINE,
        /** Its session is over (the workflow could not terminate it). */
        SESSION_OVER,
        /** No session of that id exists. */
        NO_SESSION,
        /** Its session runs on another server (a launch that was retried). */
        NOT_THE_SESSIONS_SERVER
    }

    public record TerminatedServer(ServerId server, Optional<SessionId> session, Why why) {}

    /** What one run did. */
    public record Report(List<SessionId> sessionsClosed, List<TerminatedServer> serversTerminated) {
        public boolean isEmpty() {
            return sessionsClosed.isEmpty() && serversTerminated.isEmpty();
        }
    }

    /** One run: stuck sessions first (they take their servers with them), then leftover servers. */
    public Report reap() {
        Instant now = clock.instant();
        List<SessionId> closed = closeStuckSessions(now);
        List<TerminatedServer> terminated = terminateLeftoverServers(now);
        return new Report(List.copyOf(closed), List.copyOf(terminated));
    }

    private List<SessionId> closeStuckSessions(Instant now) {
        List<SessionId> closed = new ArrayList<>();
        for (Session session : sessions.listUnfinished(now.minus(grace), BATCH)) {
            if (session.state().isFinal() || !latestEnd(session).plus(grace).isBefore(now)) {
                continue;
            }
            try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", session.id().value())) {
                if (close(session, now)) {
                    closed.add(session.id());
                }
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("sessionId", session.id().value()).setCause(e)
                        .log("reaper could not close a stuck session; it tries again next run");
            }
        }
        return closed;
    }

    /** The steps in an order that a later run can finish: releases first, the final state last. */
    private boolean close(Session session, Instant now) {
        session.serverId().map(ServerId::new).ifPresent(server -> {
            servers.terminate(server);
            LOG.atInfo().addKeyValue("sessionId", session.id().value()).addKeyValue("server", server.value())
                    .addKeyValue("state", session.state().name()).log("reaper terminated a stuck session's server");
        });
        if (sessions.dropSlotHold(session.id())) {
            slots.release();
            LOG.atInfo().addKeyValue("sessionId", session.id().value()).log("reaper released a stuck session's server slot");
        }
        active.release(session.owner(), session.id());
        boolean reaped = sessions.reap(session.id(), REAPED, now);
        if (reaped) {
            LOG.atInfo().addKeyValue("sessionId", session.id().value()).addKeyValue("state", session.state().name())
                    .addKeyValue("createdAt", session.createdAt().toString())
                    .addKeyValue("endReason", EndReason.REAPED.name())
                    .log("reaper closed a stuck session");
        }
        return reaped;
    }

    private List<TerminatedServer> terminateLeftoverServers(Instant now) {
        List<TerminatedServer> terminated = new ArrayList<>();
        for (ServerFleet.Item server : servers.servers()) {
            String sessionId = server.session().map(SessionId::value).orElse("unknown");
            try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", sessionId)) {
                Optional<Why> why = whyTerminate(server, now);
                if (why.isEmpty()) {
                    continue;
                }
                servers.terminate(server.id());
                terminated.add(new TerminatedServer(server.id(), server.session(), why.get()));
                LOG.atInfo().addKeyValue("sessionId", sessionId).addKeyValue("server", server.id().value())
                        .addKeyValue("why", why.get().name())
                        .addKeyValue("deadline", server.deadline().map(Instant::toString).orElse("none"))
                        .log("reaper terminated a server");
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("sessionId", sessionId).addKeyValue("server", server.id().value()).setCause(e)
                        .log("reaper could not terminate a server; it tries again next run");
            }
        }
        return terminated;
    }

    private Optional<Why> whyTerminate(ServerFleet.Item server, Instant now) {
        Instant deadline = server.deadline().orElse(server.launchedAt().plus(LONGEST_LIFE));
        if (deadline.plus(grace).isBefore(now)) {
            return Optional.of(Why.PAST_DEADLINE);
        }
        if (server.session().isEmpty() || !server.launchedAt().plus(grace).isBefore(now)) {
            // Too young to judge: its session may not have recorded it yet.
            return Optional.empty();
        }
        Optional<Session> session = sessions.find(server.session().get());
        if (session.isEmpty()) {
            return Optional.of(Why.NO_SESSION);
        }
        Session s = session.get();
        if (s.state().isFinal()) {
            Instant over = s.endedAt().orElse(server.launchedAt());
            return over.plus(grace).isBefore(now) ? Optional.of(Why.SESSION_OVER) : Optional.empty();
        }
        if (s.serverId().isPresent() && !s.serverId().get().equals(server.id().value())) {
            return Optional.of(Why.NOT_THE_SESSIONS_SERVER);
        }
        return Optional.empty();
    }

    /** The latest a session can end; for a scenario no longer in the catalog, the longest any can live. */
    private Instant latestEnd(Session session) {
        return catalog.find(session.scenarioId())
                .map(scenario -> StartingSession.latestEnd(scenario, session.createdAt()))
                .orElse(session.createdAt().plus(LONGEST_LIFE));
    }
}
