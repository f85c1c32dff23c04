package dev.breakfix.session;

import java.util.Optional;

/** Reading one's own sessions; someone else's session does not exist as far as the caller can tell. */
public final class ViewingSessions {
    public static final int MAX_PAGE = 50;

    private final Sessions sessions;

    public ViewingSessions(Sessions sessions) {
        this.sessions = sessions;
    }

    public Optional<Session> get(Owner owner, SessionId id) {
        return sessions.find(id).filter(s -> s.owner().equals(owner));
    }

    public Sessions.Page list(Owner owner, int limit, Optional<String> cursor) {
        return sessions.listByOwner(owner, Math.max(1, Math.min(limit, MAX_PAGE)), cursor);
    }
}
