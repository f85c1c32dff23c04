package dev.breakfix.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.secrets.MasterSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IssuingAnonymousTokenTest {
    private static final Instant TEN_PAST = Instant.parse("2026-11-28T10:10:00Z");
    private static final ClientAddress HOME = ClientAddress.parse("198.51.100.4").orElseThrow();
    private static final ClientAddress CAFE = ClientAddress.parse("198.51.100.99").orElseThrow();

    private Instant now = TEN_PAST;
    private final Clock clock = new Clock() {
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
            return now;
        }
    };
    private final IssuingAnonymousToken issuing = new IssuingAnonymousToken(
            new AnonymousTokens(MasterSecret.of(new byte[32]), clock),
            new AnonymousTokenLimit(3, Duration.ofHours(1)), new InMemoryWindowCounters(clock), clock);

    @Test
    void issue_shouldIssueTokens_upToTheLimitPerAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(issuing.issue(HOME)).isInstanceOf(IssuingAnonymousToken.Result.Issued.class);
        }

        // the fourth in the same hour is refused until the top of the hour (50 minutes away)
        assertThat(issuing.issue(HOME)).isEqualTo(new IssuingAnonymousToken.Result.TooMany(50 * 60));
        // another address is not affected
        assertThat(issuing.issue(CAFE)).isInstanceOf(IssuingAnonymousToken.Result.Issued.class);
    }

    @Test
    void issue_shouldIssueAgain_inTheNextWindow() {
        for (int i = 0; i < 3; i++) {
            issuing.issue(HOME);
        }

        now = Instant.parse("2026-11-28T11:00:00Z");

        assertThat(issuing.issue(HOME)).isInstanceOf(IssuingAnonymousToken.Result.Issued.class);
    }

    @Test
    void defaultLimit_shouldBeTenAnHour() {
        assertThat(AnonymousTokenLimit.DEFAULT).isEqualTo(new AnonymousTokenLimit(10, Duration.ofHours(1)));
    }

    @Test
    void windowFor_shouldNameTheAddressAndTheWindow_andEndAtTheTopOfTheHour() {
        AnonymousTokenLimit.Window window = AnonymousTokenLimit.DEFAULT.windowFor(HOME, TEN_PAST);

        assertThat(window.counter()).isEqualTo("rate#anonymous-token#198.51.100.4#" + Instant.parse("2026-11-28T10:00:00Z").getEpochSecond());
        assertThat(window.end()).isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
        assertThat(window.secondsLeft(Instant.parse("2026-11-28T10:59:59.500Z"))).isEqualTo(1);
    }
}
