package dev.breakfix.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.identity.IdentifyingCaller.Credentials;
import dev.breakfix.identity.IdentifyingCaller.Result;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.Owner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentifyingCallerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    private final AnonymousTokens anonymous = new AnonymousTokens(MasterSecret.of(new byte[32]), CLOCK);
    private final InMemoryPartnerKeys partners = new InMemoryPartnerKeys();
    private final UserTokens users = token -> switch (token) {
        case "alice-access-token" -> new UserTokens.Verification.Valid("sub-alice");
        case "while-the-provider-is-down" -> new UserTokens.Verification.Unavailable();
        default -> new UserTokens.Verification.Invalid();
    };
    private final IdentifyingCaller identifying = new IdentifyingCaller(anonymous, users, partners, Optional.of("website-key"));

    private static Credentials bearer(String token) {
        return new Credentials(Optional.of(token), Optional.empty(), Optional.empty());
    }

    private static Credentials apiKey(String key, String candidate) {
        return new Credentials(Optional.empty(), Optional.of(key), Optional.ofNullable(candidate));
    }

    private ApiKey partnerKey() {
        return ((IssuingPartnerKey.Result.Issued) new IssuingPartnerKey(partners, CLOCK)
                .issue(new IssuingPartnerKey.Command("Acme", Optional.empty(), Optional.empty()))).key();
    }

    @Test
    void identify_shouldKnowAUser_byTheirAccessToken() {
        assertThat(identifying.identify(bearer("alice-access-token")))
                .isEqualTo(new Result.Identified(Owner.user("sub-alice"), Optional.of("website-key")));
    }

    @Test
    void identify_shouldKnowAnAnonymousVisitor_byTheirToken() {
        AnonymousTokens.Issued issued = anonymous.issue();

        assertThat(identifying.identify(bearer(issued.token())))
                .isEqualTo(new Result.Identified(Owner.anonymous(issued.subject()), Optional.of("website-key")));
    }

    @Test
    void identify_shouldKnowAPartner_byItsKey_actingForTheCandidateItNames() {
        ApiKey key = partnerKey();
        String partnerId = partners.list().get(0).id();

        assertThat(identifying.identify(apiKey(key.reveal(), "cand-42")))
                .isEqualTo(new Result.Identified(Owner.partner(partnerId, "cand-42"), Optional.of(key.reveal())));
        assertThat(identifying.identify(apiKey(key.reveal(), null)))
                .isEqualTo(new Result.Identified(Owner.partner(partnerId, ""), Optional.of(key.reveal())));
    }

    @Test
    void identify_shouldRefuse_garbageUnknownAndMixedCredentials() {
        ApiKey key = partnerKey();

        assertThat(identifying.identify(bearer("garbage"))).isInstanceOf(Result.Refused.class);
        assertThat(identifying.identify(bearer(""))).isInstanceOf(Result.Refused.class);
        assertThat(identifying.identify(bearer("x".repeat(20_000)))).isInstanceOf(Result.Refused.class);
        assertThat(identifying.identify(new Credentials(Optional.empty(), Optional.empty(), Optional.of("cand"))))
                .isInstanceOf(Result.Refused.class);
        assertThat(identifying.identify(apiKey(ApiKey.generate().reveal(), "cand"))).isInstanceOf(Result.Refused.class);
        assertThat(identifying.identify(apiKey("not-a-key", "cand"))).isInstanceOf(Result.Refused.class);
        assertThat(identifying.identify(apiKey(key.reveal(), "has spaces and #"))).isInstanceOf(Result.Refused.class);
        assertThat(identifying.identify(new Credentials(Optional.of("alice-access-token"), Optional.of(key.reveal()),
                Optional.empty()))).isInstanceOf(Result.Refused.class);
    }

    @Test
    void identify_shouldSayUnavailable_whenTheUsersTokenCannotBeCheckedNow() {
        assertThat(identifying.identify(bearer("while-the-provider-is-down"))).isInstanceOf(Result.Unavailable.class);
    }
}
