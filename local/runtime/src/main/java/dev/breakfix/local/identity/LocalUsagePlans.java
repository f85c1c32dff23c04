package dev.breakfix.local.identity;

import dev.breakfix.identity.ApiKey;
import dev.breakfix.identity.Partner;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UsageLimits;
import dev.breakfix.identity.WindowCounters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What API Gateway's usage plans do for a partner's key, done locally: a token bucket per key (its
 * rate per second, its burst) and a quota per UTC day (a window counter in the Counters table, so it
 * survives a restart). The key is the one the authorizer named ({@code usageIdentifierKey}); a key
 * that is no partner's (the website's, or none) has no plan here, as the website plan's limits are
 * not enforced locally (every local request comes from one address).
 *
 * <p>As on AWS, a request refused by the throttle does not count against the quota.
 */
public final class LocalUsagePlans {
    private final PartnerKeys partners;
    private final WindowCounters counters;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public LocalUsagePlans(PartnerKeys partners, WindowCounters counters, Clock clock) {
        this.partners = partners;
        this.counters = counters;
        this.clock = clock;
    }

    public sealed interface Admission {
        record Admitted() implements Admission {}

        /** Over the key's rate: API Gateway's THROTTLED. */
        record Throttled(long retryAfterSeconds) implements Admission {}

        /** Over the key's daily quota: API Gateway's QUOTA_EXCEEDED. */
        record OverQuota(long retryAfterSeconds) implements Admission {}
    }

    public Admission admit(Optional<String> usageKey) {
        if (usageKey.isEmpty() || !ApiKey.hasKeyShape(usageKey.get())) {
            return new Admission.Admitted();
        }
        String hash = ApiKey.hash(usageKey.get());
        Optional<Partner> partner = partners.find(hash);
        if (partner.isEmpty()) {
            return new Admission.Admitted();
        }
        UsageLimits limits = partner.get().limits();
        Instant now = clock.instant();
        TokenBucket bucket = buckets.compute(hash, (k, old) -> old != null && old.fits(limits) ? old : new TokenBucket(limits, now));
        long wait = bucket.take(now);
        if (wait > 0) {
            return new Admission.Throttled(wait);
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        WindowCounters.Count counted = counters.countIfBelow("rate#partner-quota#" + hash.substring(0, 32) + "#" + today,
                limits.dailyQuota(), midnight);
        if (counted instanceof WindowCounters.Count.LimitReached) {
            return new Admission.OverQuota(Math.max(1, Duration.between(now, midnight).toSeconds()));
        }
        return new Admission.Admitted();
    }

    /** A token bucket: {@code burst} tokens, refilled at {@code rate} a second. */
    static final class TokenBucket {
        private final UsageLimits limits;
        private double tokens;
        private Instant last;

        TokenBucket(UsageLimits limits, Instant now) {
            this.limits = limits;
            this.tokens = limits.burst();
            this.last = now;
        }

        boolean fits(UsageLimits current) {
            return limits.equals(current);
        }

        /** Takes a token: 0 if there was one, else the whole seconds until there will be. */
        synchronized long take(Instant now) {
            double elapsed = Math.max(0, Duration.between(last, now).toNanos() / 1e9);
            tokens = Math.min(limits.burst(), tokens + elapsed * limits.ratePerSecond());
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / limits.ratePerSecond()));
        }
    }
}
