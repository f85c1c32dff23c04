package dev.breakfix.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ActiveSessions} in memory, with the DynamoDB adapter's semantics (an expired lock is free). */
public final class InMemoryActiveSessions implements ActiveSessions {
    private record Lock(SessionId session, Instant until) {}

    private final Map<Owner, Lock> locks = new HashMap<>();

    @Override
    public synchronized Optional<SessionId> claim(Owner owner, SessionId session, Instant now, Instant until) {
        Lock held = locks.get(owner);
        if (held != null && held.until().isAfter(now)) {
            return Optional.of(held.session());
        }
        locks.put(owner, new Lock(session, until));
        return Optional.empty();
    }

    @Override
    public synchronized void release(Owner owner, SessionId session) {
        locks.computeIfPresent(owner, (o, lock) -> lock.session().equals(session) ? null : lock);
    }
}
