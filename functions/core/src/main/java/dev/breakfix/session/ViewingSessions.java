package dev.breakfix.session;

import java.util.Optional;

/**
 * Reading one's own sessions (a partner: the ones it created); someone else's session does not exist
 * as far as the caller can tell.
 */
public final class ViewingSessions {
    public static final int MAX_PAGE = 50;

    private final Sessions sessions;

    public ViewingSessions(Sessions sessions) {
        this.sessions = sessions;
    }

    public Optional<Session> get(Owner owner, SessionId id) {
        return sessions.find(id).filter(s -> owner.mayAccess(s.owner()));
    }

    /**
     * The caller's sessions, newest first. A partner that names a candidate sees that candidate's;
     * one that names none sees every session it created.
     */
    public Sessions.Page list(Owner owner, int limit, Optional<String> cursor) {
        int page = Math.max(1, Math.min(limit, MAX_PAGE));
        if (owner.kind() == Owner.Kind.PARTNER && owner.candidate().isEmpty()) {
            return sessions.listByPartner(owner.id(), page, cursor);
        }
        return sessions.listByOwner(owner, page, cursor);
    }
}
