package dev.breakfix.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartnerKeysTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private final InMemoryPartnerKeys keys = new InMemoryPartnerKeys();
    private final IssuingPartnerKey issuing = new IssuingPartnerKey(keys, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issue_shouldStoreOnlyTheKeysHash_withThePartnersLimits() {
        IssuingPartnerKey.Result result = issuing.issue(new IssuingPartnerKey.Command("Acme Hiring", Optional.of(5), Optional.of(1000L)));

        assertThat(result).isInstanceOfSatisfying(IssuingPartnerKey.Result.Issued.class, issued -> {
            String key = issued.key().reveal();
            assertThat(ApiKey.hasKeyShape(key)).isTrue();
            assertThat(keys.stored()).containsOnlyKeys(ApiKey.hash(key));
            assertThat(keys.stored().toString()).doesNotContain(key);
            assertThat(issued.partner().name()).isEqualTo("Acme Hiring");
            assertThat(issued.partner().limits()).isEqualTo(new UsageLimits(5, 10, 1000));
            assertThat(issued.partner().createdAt()).isEqualTo(NOW);
            assertThat(issued.key().toString()).doesNotContain(key);
        });
    }

    @Test
    void issue_shouldUseTheSharedPlansLimits_whenNoneAreGiven() {
        IssuingPartnerKey.Result result = issuing.issue(new IssuingPartnerKey.Command("Acme", Optional.empty(), Optional.empty()));

        assertThat(((IssuingPartnerKey.Result.Issued) result).partner().limits()).isEqualTo(UsageLimits.PARTNER_DEFAULT);
    }

    @Test
    void issue_shouldRefuseBadNamesRatesAndQuotas_storingNothing() {
        assertThat(issuing.issue(new IssuingPartnerKey.Command(" ", Optional.empty(), Optional.empty())))
                .isInstanceOf(IssuingPartnerKey.Result.Invalid.class);
        assertThat(issuing.issue(new IssuingPartnerKey.Command("Acme", Optional.of(0), Optional.empty())))
                .isInstanceOf(IssuingPartnerKey.Result.Invalid.class);
        assertThat(issuing.issue(new IssuingPartnerKey.Command("Acme", Optional.empty(), Optional.of(0L))))
                .isInstanceOf(IssuingPartnerKey.Result.Invalid.class);
        assertThat(keys.stored()).isEmpty();
    }

    @Test
    void generate_shouldMakeDifferentKeys_ofTheKeyShape() {
        ApiKey a = ApiKey.generate();
        ApiKey b = ApiKey.generate();

        assertThat(a.reveal()).isNotEqualTo(b.reveal()).hasSize(43).startsWith("bfx");
        assertThat(ApiKey.hasKeyShape("bfx" + "x".repeat(39))).isFalse();
        assertThat(ApiKey.hasKeyShape("nope")).isFalse();
    }

    @Test
    void cachingKeys_shouldReadStorageOncePerTtl_forHitsAndMisses() {
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        CachingPartnerKeys cached = new CachingPartnerKeys(keys, Duration.ofSeconds(60), clock);
        ApiKey key = ((IssuingPartnerKey.Result.Issued) issuing.issue(
                new IssuingPartnerKey.Command("Acme", Optional.empty(), Optional.empty()))).key();

        cached.find(key.hash());
        cached.find(key.hash());
        cached.find("unknown");
        cached.find("unknown");
        assertThat(keys.lookups).isEqualTo(2);

        now[0] = NOW.plusSeconds(61);
        assertThat(cached.find(key.hash())).isPresent();
        assertThat(keys.lookups).isEqualTo(3);
    }
}
