package dev.breakfix.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * The rule "at most {@code perWindow} anonymous tokens per client address per {@code window}": tokens
 * are free to ask for, and each lets its holder start a session, so a flood of them from one address
 * is what abuse looks like. Windows are fixed (aligned to the epoch), so the limit resets at the top
 * of each window; in the worst case a client gets twice the limit across a boundary.
 *
 * @param perWindow how many tokens one address gets in one window
 * @param window how long a window lasts
 */
public record AnonymousTokenLimit(int perWindow, Duration window) {
    /** What the API allows on AWS unless configured otherwise: ten an hour per address. */
    public static final AnonymousTokenLimit DEFAULT = new AnonymousTokenLimit(10, Duration.ofHours(1));

    public AnonymousTokenLimit {
        if (perWindow < 1 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("the limit needs at least one token per window of at least a second");
        }
    }

    /** The counter a request at {@code now} from {@code address} counts on, and until when. */
    public Window windowFor(ClientAddress address, Instant now) {
        long length = window.toSeconds();
        long start = Math.floorDiv(now.getEpochSecond(), length) * length;
        return new Window("rate#anonymous-token#" + address.limitKey() + "#" + start, perWindow,
                Instant.ofEpochSecond(start + length));
    }

    /** One address's counter in one window. */
    public record Window(String counter, long limit, Instant end) {
        /** Whole seconds until the window ends (at least one): what Retry-After says. */
        public long secondsLeft(Instant now) {
            return Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
        }
    }
}
