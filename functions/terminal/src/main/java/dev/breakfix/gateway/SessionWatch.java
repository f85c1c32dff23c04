package dev.breakfix.gateway;

import dev.breakfix.session.EndReason;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.session.Sessions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Knows which sessions have terminals open here, and closes those terminals when their session ends.
 * The session's state is polled ({@link #poll}, every {@code sessionPollInterval}): one read per
 * session with open terminals, not per terminal; a session ends for its terminals as soon as ending
 * is asked for (End, or solved-and-end), before the workflow has moved it on.
 */
final class SessionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);

    private final Sessions sessions;
    private final Clock clock;
    private final int maxPerSession;
    private final Consumer<SessionId> ended;
    private final Map<SessionId, Set<TerminalConnection>> open = new ConcurrentHashMap<>();

    /**
     * @param ended told when a session ended, after its terminals were told
     */
    SessionWatch(Sessions sessions, Clock clock, int maxPerSession, Consumer<SessionId> ended) {
        this.sessions = sessions;
        this.clock = clock;
        this.maxPerSession = maxPerSession;
        this.ended = ended;
    }

    /** Watches a terminal of {@code session}; false if the session has as many as it may. */
    boolean add(SessionId session, TerminalConnection connection) {
        boolean[] added = {false};
        open.compute(session, (id, set) -> {
            Set<TerminalConnection> terminals = set != null ? set : ConcurrentHashMap.newKeySet();
            if (terminals.size() < maxPerSession) {
                added[0] = terminals.add(connection);
            }
            return terminals.isEmpty() ? null : terminals;
        });
        return added[0];
    }

    void remove(SessionId session, TerminalConnection connection) {
        open.computeIfPresent(session, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    int terminals(SessionId session) {
        Set<TerminalConnection> terminals = open.get(session);
        return terminals == null ? 0 : terminals.size();
    }

    void poll() {
        for (SessionId id : List.copyOf(open.keySet())) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", id.value())) {
                Optional<Session> session = sessions.find(id);
                if (session.isPresent() && session.get().state() == SessionState.READY
                        && session.get().endRequested().isEmpty()) {
                    continue;
                }
                String reason = endReason(session, clock.instant());
                Set<TerminalConnection> terminals = open.remove(id);
                if (terminals != null) {
                    LOG.info("session over, closing its terminals: session={}, reason={}, terminals={}", id, reason,
                            terminals.size());
                    terminals.forEach(t -> t.sessionEnded(reason));
                }
                ended.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("could not read a session's state; trying again at the next poll: session={}", id, e);
            }
        }
    }

    /** What the browser is told: the session's end reason, or why it is ending, as the API names them. */
    static String endReason(Optional<Session> found, Instant now) {
        if (found.isEmpty()) {
            return EndReason.ERROR.name();
        }
        Session session = found.get();
        if (session.endReason().isPresent()) {
            return session.endReason().get().name();
        }
        if (session.endRequested().isPresent()) {
            return session.endRequested().get().name();
        }
        if (session.state() == SessionState.FAILED) {
            return EndReason.ERROR.name();
        }
        if (session.expiresAt().isPresent() && !now.isBefore(session.expiresAt().get())) {
            return EndReason.EXPIRED.name();
        }
        return session.state() == SessionState.ENDING ? EndReason.USER.name() : EndReason.ERROR.name();
    }
}
