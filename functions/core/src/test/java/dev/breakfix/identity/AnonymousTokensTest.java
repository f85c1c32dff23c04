package dev.breakfix.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.secrets.MasterSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AnonymousTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final MasterSecret SECRET = MasterSecret.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private final AnonymousTokens tokens = new AnonymousTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void verify_shouldReturnTheSubject_ofATokenItIssued() {
        AnonymousTokens.Issued issued = tokens.issue();

        assertThat(tokens.verify(issued.token())).contains(issued.subject());
        assertThat(issued.subject()).startsWith("anon-");
        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(AnonymousTokens.LIFETIME));
    }

    @Test
    void verify_shouldRefuse_anExpiredToken() {
        AnonymousTokens.Issued issued = tokens.issue();
        AnonymousTokens later = new AnonymousTokens(SECRET,
                Clock.fixed(NOW.plus(AnonymousTokens.LIFETIME).plusSeconds(1), ZoneOffset.UTC));

        assertThat(later.verify(issued.token())).isEmpty();
    }

    @Test
    void verify_shouldRefuse_aTokenSignedWithAnotherSecret() {
        AnonymousTokens other = new AnonymousTokens(MasterSecret.of(new byte[32]), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(tokens.verify(other.issue().token())).isEmpty();
    }

    @Test
    void verify_shouldRefuse_aTokenWhosePayloadWasChanged() {
        String[] parts = tokens.issue().token().split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"breakfix/anonymous\",\"sub\":\"anon-aaaaaaaaaaaaaaaaaaaa\",\"exp\":9999999999}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(parts[0] + "." + forged + "." + parts[2])).isEmpty();
    }

    @Test
    void verify_shouldRefuse_theNoneAlgorithmAndGarbage() {
        String[] parts = tokens.issue().token().split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(none + "." + parts[1] + ".")).isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }
}
