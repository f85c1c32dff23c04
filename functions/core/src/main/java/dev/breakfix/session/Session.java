package dev.breakfix.session;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt at one scenario, from the request to the end. Timestamps are empty until they happen.
 *
 * @param expiresAt when the server is destroyed unless the session is extended; set once READY
 * @param failure a sentence for the user when the session FAILED
 */
public record Session(
        SessionId id,
        Owner owner,
        String scenarioId,
        SessionState state,
        Instant createdAt,
        Optional<Instant> readyAt,
        Optional<Instant> expiresAt,
        boolean solved,
        Optional<Instant> solvedAt,
        Optional<Instant> endedAt,
        Optional<EndReason> endReason,
        Optional<String> failure) {

    public static Session requested(SessionId id, Owner owner, String scenarioId, Instant now) {
        return new Session(id, owner, scenarioId, SessionState.REQUESTED, now, Optional.empty(),
                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** This session in {@code next}; refuses a move backwards or out of a final state. */
    public Session movedTo(SessionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("a session cannot move from " + state + " to " + next);
        }
        return new Session(id, owner, scenarioId, next, createdAt, readyAt, expiresAt, solved, solvedAt,
                endedAt, endReason, failure);
    }

    public Session readyUntil(Instant now, Instant expires) {
        Session moved = movedTo(SessionState.READY);
        return new Session(id, owner, scenarioId, moved.state, createdAt, Optional.of(now),
                Optional.of(expires), solved, solvedAt, endedAt, endReason, failure);
    }

    public Session ended(Instant now, EndReason reason) {
        Session moved = movedTo(SessionState.ENDED);
        return new Session(id, owner, scenarioId, moved.state, createdAt, readyAt, expiresAt, solved,
                solvedAt, Optional.of(now), Optional.of(reason), failure);
    }

    public Session failed(Instant now, String why) {
        Session moved = movedTo(SessionState.FAILED);
        return new Session(id, owner, scenarioId, moved.state, createdAt, readyAt, expiresAt, solved,
                solvedAt, Optional.of(now), Optional.of(EndReason.ERROR), Optional.of(why));
    }

    /** Records the first solve; later solves keep the first time. */
    public Session solvedAt(Instant now) {
        return solved ? this : new Session(id, owner, scenarioId, state, createdAt, readyAt, expiresAt,
                true, Optional.of(now), endedAt, endReason, failure);
    }
}
