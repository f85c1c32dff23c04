package dev.breakfix.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions are kept (DynamoDB on AWS and locally). Every change is one conditional write on
 * one item, so concurrent requests and the workflow cannot undo each other's work: a session only
 * moves forward, counters only count up, and a refused condition is reported, not overwritten.
 */
public interface Sessions {

    /** Stores a new session; false if one with the same id exists already. */
    boolean create(Session session);

    Optional<Session> find(SessionId id);

    /** The owner's sessions, newest first, a page at a time. */
    Page listByOwner(Owner owner, int limit, Optional<String> cursor);

    /**
     * Every session a partner created, for all its candidates, newest first, a page at a time. A
     * cursor from one partner's listing is refused in another's ({@link BadCursorException}).
     */
    Page listByPartner(String partnerId, int limit, Optional<String> cursor);

    /** BOOTING → READY with the time it became ready and its deadline; empty if not BOOTING or ending was asked. */
    Optional<Session> markReady(SessionId id, Instant now, Instant expiresAt);

    /** Records the workflow's token while READY; the session as it is now, or empty if it is not READY. */
    Optional<Session> storeWaitToken(SessionId id, String token);

    /**
     * Notes that the owner asked to end, and why; the session as it is after the write (with the wait
     * token stored by then, if any), or empty if it is already over.
     */
    Optional<Session> requestEnd(SessionId id, EndReason reason);

    /**
     * Moves a READY session's deadline from {@code current} to {@code next}; the session after the
     * write, or empty if it is not READY or someone moved the deadline first.
     */
    Optional<Session> extend(SessionId id, Instant current, Instant next);

    /** Marks a session that is not over FAILED, when its workflow could not even start. */
    void markFailed(SessionId id, Session.Failure failure, Instant now);

    /** Counts a check if the last one was before {@code notAfter}; false if checks come too fast. */
    boolean startCheck(SessionId id, Instant now, Instant lastCheckNotAfter);

    /** Records the outcome of a check; a first pass sets the solve time. */
    void recordCheck(SessionId id, Instant now, boolean passed);

    /** Reveals one more hint if fewer than {@code available} were; the new count, or empty. */
    Optional<Integer> revealHint(SessionId id, int available);

    /**
     * Sessions that are not over yet (neither ENDED nor FAILED) and were created before
     * {@code createdBefore}, oldest first, at most {@code limit}: what the reaper walks. The answer may
     * lag a write by a moment, so whoever acts on it still writes with conditions.
     */
    List<Session> listUnfinished(Instant createdBefore, int limit);

    /**
     * Takes off the session's note that it holds a server slot (which the workflow writes when it
     * reserves one). True only for the one caller that took it off, the workflow's cleanup or the
     * reaper, which then gives the slot back: so a slot is released at most once.
     */
    boolean dropSlotHold(SessionId id);

    /**
     * Closes a session that is not over because its workflow did not: FAILED, end reason
     * {@link EndReason#REAPED}, with {@code failure} for the user. False if it was over already.
     */
    boolean reap(SessionId id, Session.Failure failure, Instant now);

    /** One page of sessions and the cursor for the next, if there is one. */
    record Page(List<Session> items, Optional<String> next) {}

    /** A cursor that does not come from {@link Page#next()} of this owner's listing. */
    final class BadCursorException extends RuntimeException {
        public BadCursorException() {
            super("bad cursor", null, false, false);
        }
    }
}
