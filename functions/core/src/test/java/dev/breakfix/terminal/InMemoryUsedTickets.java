package dev.breakfix.terminal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link UsedTickets} in memory: the first use of a nonce wins, as with the conditional write. */
public final class InMemoryUsedTickets implements UsedTickets {
    private final Map<String, Instant> used = new HashMap<>();

    @Override
    public synchronized boolean markUsed(String nonce, Instant ticketExpiresAt) {
        return used.putIfAbsent(nonce, ticketExpiresAt) == null;
    }

    public synchronized int count() {
        return used.size();
    }
}
