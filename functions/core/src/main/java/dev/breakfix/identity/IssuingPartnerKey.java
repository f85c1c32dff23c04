package dev.breakfix.identity;

import java.time.Clock;
import java.util.Optional;

/** Making a partner and its key, which is shown once and stored only as a hash. */
public final class IssuingPartnerKey {
    private final PartnerKeys keys;
    private final Clock clock;

    public IssuingPartnerKey(PartnerKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param ratePerSecond requests per second; the shared partner plan's if empty
     * @param dailyQuota requests per UTC day; the shared partner plan's if empty
     */
    public record Command(String name, Optional<Integer> ratePerSecond, Optional<Long> dailyQuota) {}

    public sealed interface Result {
        /** The key, to show once, and the partner it belongs to. */
        record Issued(ApiKey key, Partner partner) implements Result {}

        /** The command cannot be carried out; {@code reason} says what to change. */
        record Invalid(String reason) implements Result {}
    }

    public Result issue(Command command) {
        if (!Partner.validName(command.name())) {
            return new Result.Invalid("a partner's name is 1 to 64 printable characters");
        }
        int rate = command.ratePerSecond().orElse(UsageLimits.PARTNER_DEFAULT.ratePerSecond());
        long quota = command.dailyQuota().orElse(UsageLimits.PARTNER_DEFAULT.dailyQuota());
        if (rate < 1 || rate > UsageLimits.MAX_RATE) {
            return new Result.Invalid("the rate is 1 to " + UsageLimits.MAX_RATE + " requests per second");
        }
        if (quota < 1 || quota > UsageLimits.MAX_QUOTA) {
            return new Result.Invalid("the quota is 1 to " + UsageLimits.MAX_QUOTA + " requests per day");
        }
        Partner partner = new Partner(Partner.newId(), command.name().strip(), UsageLimits.of(rate, quota),
                clock.instant());
        ApiKey key = ApiKey.generate();
        if (!keys.add(key.hash(), partner)) {
            throw new IllegalStateException("a freshly generated key's hash is already stored");
        }
        return new Result.Issued(key, partner);
    }
}
