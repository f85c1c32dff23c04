package dev.breakfix.identity;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Handing a visitor who has not signed in an anonymous token, within the per-address limit. */
public final class IssuingAnonymousToken {
    private static final Logger LOG = LoggerFactory.getLogger(IssuingAnonymousToken.class);

    private final AnonymousTokens tokens;
    private final AnonymousTokenLimit limit;
    private final WindowCounters counters;
    private final Clock clock;

    public IssuingAnonymousToken(AnonymousTokens tokens, AnonymousTokenLimit limit, WindowCounters counters,
            Clock clock) {
        this.tokens = tokens;
        this.limit = limit;
        this.counters = counters;
        this.clock = clock;
    }

    public sealed interface Result {
        record Issued(AnonymousTokens.Issued token) implements Result {}

        /** This address had its tokens for now; it may ask again in {@code retryAfterSeconds}. */
        record TooMany(long retryAfterSeconds) implements Result {}
    }

    public Result issue(ClientAddress from) {
        Instant now = clock.instant();
        AnonymousTokenLimit.Window window = limit.windowFor(from, now);
        WindowCounters.Count count = counters.countIfBelow(window.counter(), window.limit(), window.end());
        if (count instanceof WindowCounters.Count.LimitReached) {
            LOG.info("anonymous token refused: the address had {} this window", window.limit());
            return new Result.TooMany(window.secondsLeft(now));
        }
        return new Result.Issued(tokens.issue());
    }
}
