package dev.breakfix.session;

import java.util.List;
import java.util.Optional;

/** Where sessions are kept (DynamoDB on AWS and locally). */
public interface Sessions {

    /** Stores a new session; false if one with the same id exists already. */
    boolean create(Session session);

    Optional<Session> find(SessionId id);

    /**
     * Replaces a session if it is still in {@code expected} state, so that concurrent writers cannot
     * move it backwards; false if its state had changed.
     */
    boolean replace(Session updated, SessionState expected);

    /** The owner's sessions, newest first, a page at a time. */
    Page listByOwner(Owner owner, int limit, Optional<String> after);

    /** One page of sessions and the cursor for the next, if there is one. */
    record Page(List<Session> items, Optional<String> next) {}
}
