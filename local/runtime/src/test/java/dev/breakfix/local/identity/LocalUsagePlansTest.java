package dev.breakfix.local.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.identity.ApiKey;
import dev.breakfix.identity.Partner;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UsageLimits;
import dev.breakfix.identity.WindowCounters;
import dev.breakfix.local.identity.LocalUsagePlans.Admission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalUsagePlansTest {
    private static final Instant NOON = Instant.parse("2026-11-28T12:00:00Z");

    private Instant now = NOON;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Map<String, Partner> partners = new HashMap<>();
    private final Map<String, long[]> counted = new HashMap<>();
    private final PartnerKeys keys = new PartnerKeys() {
        @Override
        public boolean add(String keyHash, Partner partner) {
            return partners.putIfAbsent(keyHash, partner) == null;
        }

        @Override
        public Optional<Partner> find(String keyHash) {
            return Optional.ofNullable(partners.get(keyHash));
        }

        @Override
        public List<Partner> list() {
            return List.copyOf(partners.values());
        }
    };
    private final WindowCounters counters = (name, limit, end) -> {
        long[] count = counted.computeIfAbsent(name, n -> new long[1]);
        if (count[0] >= limit) {
            return new WindowCounters.Count.LimitReached();
        }
        return new WindowCounters.Count.Counted(++count[0]);
    };
    private final LocalUsagePlans plans = new LocalUsagePlans(keys, counters, clock);

    private String keyWith(UsageLimits limits) {
        ApiKey key = ApiKey.generate();
        keys.add(key.hash(), new Partner(Partner.newId(), "Acme", limits, NOON));
        return key.reveal();
    }

    @Test
    void admit_shouldLetABurstThrough_thenThrottleToTheRate() {
        String key = keyWith(UsageLimits.of(2, 1000)); // 2 a second, 4 at once

        for (int i = 0; i < 4; i++) {
            assertThat(plans.admit(Optional.of(key))).isInstanceOf(Admission.Admitted.class);
        }
        assertThat(plans.admit(Optional.of(key))).isEqualTo(new Admission.Throttled(1));

        now = NOON.plusMillis(500); // one more token
        assertThat(plans.admit(Optional.of(key))).isInstanceOf(Admission.Admitted.class);
        assertThat(plans.admit(Optional.of(key))).isInstanceOf(Admission.Throttled.class);
    }

    @Test
    void admit_shouldRefuseOverTheDailyQuota_untilMidnightUtc() {
        String key = keyWith(UsageLimits.of(100, 2));

        assertThat(plans.admit(Optional.of(key))).isInstanceOf(Admission.Admitted.class);
        assertThat(plans.admit(Optional.of(key))).isInstanceOf(Admission.Admitted.class);
        assertThat(plans.admit(Optional.of(key))).isEqualTo(new Admission.OverQuota(12 * 3600));

        now = Instant.parse("2026-11-29T00:00:01Z");
        assertThat(plans.admit(Optional.of(key))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void admit_shouldNotCountThrottledRequestsAgainstTheQuota() {
        String key = keyWith(new UsageLimits(1, 1, 5));

        plans.admit(Optional.of(key));
        for (int i = 0; i < 10; i++) {
            assertThat(plans.admit(Optional.of(key))).isInstanceOf(Admission.Throttled.class);
        }

        assertThat(counted.values()).singleElement().satisfies(count -> assertThat(count[0]).isEqualTo(1));
    }

    @Test
    void admit_shouldLetKeysWithoutAPlanThrough() {
        assertThat(plans.admit(Optional.empty())).isInstanceOf(Admission.Admitted.class);
        assertThat(plans.admit(Optional.of("website-usage-key"))).isInstanceOf(Admission.Admitted.class);
        assertThat(plans.admit(Optional.of(ApiKey.generate().reveal()))).isInstanceOf(Admission.Admitted.class);
    }
}
