package dev.breakfix.identity;

/**
 * What a partner's key may do, as an API Gateway usage plan says it: a steady rate and a burst (a
 * token bucket), and a quota of requests per UTC day. Over either, the gateway answers 429.
 *
 * @param ratePerSecond requests per second, steadily
 * @param burst how many requests may come at once
 * @param dailyQuota requests per day (UTC)
 */
public record UsageLimits(int ratePerSecond, int burst, long dailyQuota) {
    public static final int MAX_RATE = 10_000;
    public static final long MAX_QUOTA = 1_000_000_000L;
    /** The shared partner plan's limits (cdk: UsagePlans "Partners"). */
    public static final UsageLimits PARTNER_DEFAULT = of(10, 5_000);

    public UsageLimits {
        if (ratePerSecond < 1 || ratePerSecond > MAX_RATE || burst < ratePerSecond || dailyQuota < 1
                || dailyQuota > MAX_QUOTA) {
            throw new IllegalArgumentException("usage limits out of range");
        }
    }

    /** A rate and a quota; the burst is twice the rate, as in the shared partner plan. */
    public static UsageLimits of(int ratePerSecond, long dailyQuota) {
        return new UsageLimits(ratePerSecond, (int) Math.min(2L * ratePerSecond, 2L * MAX_RATE), dailyQuota);
    }
}
