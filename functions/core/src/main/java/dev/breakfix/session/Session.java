package dev.breakfix.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One attempt at one scenario, from the request to the end. Timestamps are empty until they happen.
 *
 * <p>Sessions are changed by single-item conditional writes (see {@link Sessions}), never by
 * rewriting the whole record, so this type describes a session as read; the withers below exist for
 * the in-memory store and tests.
 *
 * @param expiresAt when the server is destroyed unless the session is extended; set once READY
 * @param failure why a FAILED session failed, for the user
 * @param serverId the server's id once launched
 * @param waitToken the workflow's task token while the session waits for its end
 * @param endRequested how the user asked to end (ended, or solved and ended), once they asked
 * @param checks how many checks were run
 * @param hintsRevealed how many hints were revealed, in order
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
        Optional<Failure> failure,
        Optional<String> serverId,
        Optional<String> waitToken,
        Optional<EndReason> endRequested,
        int checks,
        Optional<Instant> lastCheckAt,
        int hintsRevealed) {

    /** Why a session failed: a stable code (CAPACITY, LAUNCH_FAILED, …) and a sentence for the user. */
    public record Failure(String code, String message) {}

    public static Session requested(SessionId id, Owner owner, String scenarioId, Instant now) {
        return new Session(id, owner, scenarioId, SessionState.REQUESTED, now, Optional.empty(),
                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), 0);
    }

    /** This session in {@code next}; refuses a move backwards or out of a final state. */
    public Session movedTo(SessionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("a session cannot move from " + state + " to " + next);
        }
        return new Session(id, owner, scenarioId, next, createdAt, readyAt, expiresAt, solved, solvedAt,
                endedAt, endReason, failure, serverId, waitToken, endRequested, checks, lastCheckAt,
                hintsRevealed);
    }

    public Session readyUntil(Instant now, Instant expires) {
        Session s = movedTo(SessionState.READY);
        return new Session(id, owner, scenarioId, s.state, createdAt, Optional.of(now), Optional.of(expires),
                solved, solvedAt, endedAt, endReason, failure, serverId, waitToken, endRequested, checks,
                lastCheckAt, hintsRevealed);
    }

    public Session ended(Instant now, EndReason reason) {
        Session s = movedTo(SessionState.ENDED);
        return new Session(id, owner, scenarioId, s.state, createdAt, readyAt, expiresAt, solved, solvedAt,
                Optional.of(now), Optional.of(reason), failure, serverId, Optional.empty(), endRequested, checks,
                lastCheckAt, hintsRevealed);
    }

    public Session failed(Instant now, Failure why) {
        Session s = movedTo(SessionState.FAILED);
        return new Session(id, owner, scenarioId, s.state, createdAt, readyAt, expiresAt, solved, solvedAt,
                Optional.of(now), Optional.of(EndReason.ERROR), Optional.of(why), serverId, Optional.empty(),
                endRequested, checks, lastCheckAt, hintsRevealed);
    }

    /** Closed by the reaper because its workflow did not close it: FAILED, end reason REAPED. */
    public Session reaped(Instant now, Failure why) {
        Session s = movedTo(SessionState.FAILED);
        return new Session(id, owner, scenarioId, s.state, createdAt, readyAt, expiresAt, solved, solvedAt,
                Optional.of(now), Optional.of(EndReason.REAPED), Optional.of(why), serverId, Optional.empty(),
                endRequested, checks, lastCheckAt, hintsRevealed);
    }

    /** Records a check; the first solve keeps its time. */
    public Session checkedAt(Instant now, boolean passed) {
        boolean nowSolved = solved || passed;
        Optional<Instant> firstSolve = solved ? solvedAt : passed ? Optional.of(now) : Optional.empty();
        return new Session(id, owner, scenarioId, state, createdAt, readyAt, expiresAt, nowSolved, firstSolve,
                endedAt, endReason, failure, serverId, waitToken, endRequested, checks + 1, Optional.of(now),
                hintsRevealed);
    }

    public Session withWaitToken(Optional<String> token) {
        return new Session(id, owner, scenarioId, state, createdAt, readyAt, expiresAt, solved, solvedAt,
                endedAt, endReason, failure, serverId, token, endRequested, checks, lastCheckAt, hintsRevealed);
    }

    public Session withEndRequested(EndReason reason) {
        return new Session(id, owner, scenarioId, state, createdAt, readyAt, expiresAt, solved, solvedAt,
                endedAt, endReason, failure, serverId, waitToken, Optional.of(reason), checks, lastCheckAt,
                hintsRevealed);
    }

    public Session withExpiresAt(Instant expires) {
        return new Session(id, owner, scenarioId, state, createdAt, readyAt, Optional.of(expires), solved,
                solvedAt, endedAt, endReason, failure, serverId, waitToken, endRequested, checks, lastCheckAt,
                hintsRevealed);
    }

    public Session withServer(String server) {
        return new Session(id, owner, scenarioId, state, createdAt, readyAt, expiresAt, solved, solvedAt,
                endedAt, endReason, failure, Optional.of(server), waitToken, endRequested, checks, lastCheckAt,
                hintsRevealed);
    }

    public Session withHintsRevealed(int count) {
        return new Session(id, owner, scenarioId, state, createdAt, readyAt, expiresAt, solved, solvedAt,
                endedAt, endReason, failure, serverId, waitToken, endRequested, checks, lastCheckAt, count);
    }

    /** How long it took from the server being ready to the first passing check. */
    public Optional<Duration> timeToSolve() {
        return readyAt.flatMap(ready -> solvedAt.map(solve -> Duration.between(ready, solve)));
    }
}
