package dev.breakfix.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.breakfix.identity.UserTokens.Verification;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Access tokens checked against an issuer's keys served over HTTP, as the authorizer does on AWS and locally. */
class OidcAccessTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final TestIssuer issuer;
    private final OidcAccessTokens tokens;

    OidcAccessTokensTest() throws Exception {
        issuer = new TestIssuer();
        tokens = new OidcAccessTokens(issuer.settings(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws Exception {
        issuer.close();
    }

    @Test
    void verify_shouldAcceptTheLocalProvidersAccessToken() throws Exception {
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT);

        assertThat(tokens.verify(token)).isEqualTo(new Verification.Valid("sub-alice"));
    }

    @Test
    void verify_shouldAcceptCognitosAccessToken_byItsClientId_withoutAnAudience() throws Exception {
        String token = issuer.sign(TestIssuer.cognitoClaims("sub-alice", NOW).build(), null);

        assertThat(tokens.verify(token)).isEqualTo(new Verification.Valid("sub-alice"));
    }

    @Test
    void verify_shouldRefuseAForgedToken_signedByAnotherKeyUnderTheSameKeyId() throws Exception {
        RSAKey forger = TestIssuer.FORGER;
        String forged = TestIssuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT, forger,
                UnaryOperator.identity());

        assertThat(tokens.verify(forged)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuseATamperedToken() throws Exception {
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT);
        String bobsClaims = issuer.sign(TestIssuer.localClaims("sub-bob", NOW).build(), AT_JWT).split("\\.")[1];
        String[] parts = token.split("\\.");

        assertThat(tokens.verify(parts[0] + "." + bobsClaims + "." + parts[2])).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuseUnsignedAndAlgorithmConfusedTokens() throws Exception {
        JWTClaimsSet claims = TestIssuer.localClaims("sub-alice", NOW).build();

        assertThat(tokens.verify(TestIssuer.unsigned(claims))).isInstanceOf(Verification.Invalid.class);
        assertThat(tokens.verify(issuer.signHs256WithPublicKey(claims))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuseAnExpiredToken_butAllowAMinuteOfClockSkew() throws Exception {
        String expired = issuer.sign(TestIssuer.localClaims("sub-alice", NOW.minusSeconds(7200))
                .expirationTime(Date.from(NOW.minusSeconds(61))).build(), AT_JWT);
        String justExpired = issuer.sign(TestIssuer.localClaims("sub-alice", NOW.minusSeconds(3630))
                .expirationTime(Date.from(NOW.minusSeconds(30))).build(), AT_JWT);
        String noExpiry = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).expirationTime(null).build(), AT_JWT);
        String notYet = issuer.sign(TestIssuer.localClaims("sub-alice", NOW)
                .notBeforeTime(Date.from(NOW.plusSeconds(300))).build(), AT_JWT);

        assertThat(tokens.verify(expired)).isInstanceOf(Verification.Invalid.class);
        assertThat(tokens.verify(justExpired)).isEqualTo(new Verification.Valid("sub-alice"));
        assertThat(tokens.verify(noExpiry)).isInstanceOf(Verification.Invalid.class);
        assertThat(tokens.verify(notYet)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuseATokenForAnotherAudienceOrClient() throws Exception {
        String otherAudience = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).audience("another-api").build(), AT_JWT);
        String otherClient = issuer.sign(TestIssuer.cognitoClaims("sub-alice", NOW).claim("client_id", "another-app").build(), null);
        String neither = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).audience((String) null)
                .claim("client_id", null).build(), AT_JWT);

        assertThat(tokens.verify(otherAudience)).isInstanceOf(Verification.Invalid.class);
        assertThat(tokens.verify(otherClient)).isInstanceOf(Verification.Invalid.class);
        assertThat(tokens.verify(neither)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuseATokenFromAnotherIssuer() throws Exception {
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).issuer("https://evil.example/pool").build(), AT_JWT);

        assertThat(tokens.verify(token)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuseIdTokens() throws Exception {
        // Cognito's ID token: token_use id, the client in aud
        String cognitoId = issuer.sign(TestIssuer.cognitoClaims("sub-alice", NOW).claim("token_use", "id")
                .claim("client_id", null).audience(TestIssuer.CLIENT_ID).build(), null);
        // an OIDC ID token: typ JWT, not at+jwt
        String oidcId = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), JOSEObjectType.JWT);

        assertThat(tokens.verify(cognitoId)).isInstanceOf(Verification.Invalid.class);
        assertThat(tokens.verify(oidcId)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuseGarbage() {
        for (String garbage : TestIssuer.garbage()) {
            assertThat(tokens.verify(garbage)).as(garbage.length() > 40 ? "a long string" : garbage)
                    .isInstanceOf(Verification.Invalid.class);
        }
    }

    @Test
    void verify_shouldFetchTheKeysOnce_andKeepThem() throws Exception {
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT);

        for (int i = 0; i < 20; i++) {
            assertThat(tokens.verify(token)).isInstanceOf(Verification.Valid.class);
        }

        assertThat(issuer.jwksFetches.get()).isEqualTo(1);
    }

    @Test
    void verify_shouldNotRefetchTheKeysForEveryUnknownKeyId() throws Exception {
        RSAKey stranger = TestIssuer.STRANGER;
        tokens.verify(issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT));

        for (int i = 0; i < 10; i++) {
            String token = TestIssuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT, stranger,
                    UnaryOperator.identity());
            assertThat(tokens.verify(token)).isInstanceOf(Verification.Invalid.class);
        }

        // the first fetch, then at most one refresh for the unknown key id within the rate limit
        assertThat(issuer.jwksFetches.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void verify_shouldSayUnavailable_whenTheKeysCannotBeFetched() throws Exception {
        issuer.stopServingKeys();
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT);

        assertThat(tokens.verify(token)).isInstanceOf(Verification.Unavailable.class);
    }

    @Test
    void settings_shouldNeedAnAudienceOrAClient() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OidcAccessTokens.Settings(TestIssuer.ISSUER,
                Optional.empty(), Optional.empty(), issuer.jwks())).isInstanceOf(IllegalArgumentException.class);
        assertThat(OidcAccessTokens.Settings.defaultJwks("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc"))
                .hasToString("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json");
    }
}
