package dev.breakfix.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link WindowCounters} in memory, with the DynamoDB adapter's semantics (an expired counter is forgotten). */
public final class InMemoryWindowCounters implements WindowCounters {
    private record Counter(long count, Instant end) {}

    private final Map<String, Counter> counters = new HashMap<>();
    private final Clock clock;

    public InMemoryWindowCounters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Count countIfBelow(String name, long limit, Instant windowEnd) {
        Counter current = counters.get(name);
        long count = current == null || !current.end().isAfter(clock.instant()) ? 0 : current.count();
        if (count >= limit) {
            return new Count.LimitReached();
        }
        counters.put(name, new Counter(count + 1, windowEnd));
        return new Count.Counted(count + 1);
    }
}
