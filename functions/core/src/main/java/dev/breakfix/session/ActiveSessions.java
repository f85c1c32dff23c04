package dev.breakfix.session;

import java.time.Instant;
import java.util.Optional;

/**
 * The rule "one active session per owner", held by one lock item per owner. A lock names its
 * session and expires after the session's latest possible end, so a lock left by a crash frees
 * itself even if the workflow never releases it.
 */
public interface ActiveSessions {

    /** Takes the owner's lock for {@code session}; the session holding it instead, if another does. */
    Optional<SessionId> claim(Owner owner, SessionId session, Instant now, Instant until);

    /** Frees the owner's lock if {@code session} holds it. */
    void release(Owner owner, SessionId session);
}
