package dev.breakfix.identity;

import java.time.Instant;

/**
 * Counters that count events in a fixed time window, up to a limit: one item per counter and window,
 * counted up with one conditional write, so concurrent requests cannot count past the limit. A window's
 * counter is forgotten after its end (code ignores expired counters; storage may delete them late).
 */
public interface WindowCounters {

    /**
     * Counts one event on {@code name} if fewer than {@code limit} were counted already.
     *
     * @param name the counter, window included (a new window is a new name)
     * @param windowEnd when the counter stops mattering
     */
    Count countIfBelow(String name, long limit, Instant windowEnd);

    /** What counting did. */
    sealed interface Count {
        /** Counted; {@code count} events now, this one included. */
        record Counted(long count) implements Count {}

        /** The limit was reached already; nothing was counted. */
        record LimitReached() implements Count {}
    }
}
