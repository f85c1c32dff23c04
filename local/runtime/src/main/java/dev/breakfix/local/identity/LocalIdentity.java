package dev.breakfix.local.identity;

import dev.breakfix.api.auth.OidcAccessTokens;
import dev.breakfix.api.auth.SignInSettings;
import dev.breakfix.aws.dynamodb.DynamoDbPartnerKeys;
import dev.breakfix.aws.dynamodb.DynamoDbWindowCounters;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.identity.AnonymousTokenLimit;
import dev.breakfix.identity.CachingPartnerKeys;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UserTokens;
import dev.breakfix.identity.WindowCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Who may call the local API, wired as on AWS: users' tokens from the local OIDC provider, partners in
 * the PartnerKeys table (on dynalite), rate-limit counters in the Counters table, and the usage plans
 * the local gateway enforces for partner keys.
 *
 * @param anonymousTokenLimit locally {@link #LOCAL_ANONYMOUS_TOKENS_PER_HOUR}: every local request comes
 *     from 127.0.0.1 (you, the website tests, the end-to-end tests), so the AWS limit of ten an hour per
 *     address would throttle the tests; the rule itself is the same code
 */
public record LocalIdentity(UserTokens userTokens, PartnerKeys partnerKeys, WindowCounters windowCounters,
        AnonymousTokenLimit anonymousTokenLimit, Optional<SignInSettings> signInSettings, LocalUsagePlans usagePlans) {
    public static final int LOCAL_ANONYMOUS_TOKENS_PER_HOUR = 600;
    /** Locally a new or removed key takes effect within seconds. */
    static final Duration PARTNER_KEY_CACHE = Duration.ofSeconds(5);

    public static LocalIdentity wire(DynamoDbClient dynamo, LocalOidcProvider provider, Clock clock) {
        PartnerKeys partners = new CachingPartnerKeys(new DynamoDbPartnerKeys(dynamo, Tables.PARTNER_KEYS.id()),
                PARTNER_KEY_CACHE, clock);
        WindowCounters counters = new DynamoDbWindowCounters(dynamo, Tables.COUNTERS.id(), clock);
        return new LocalIdentity(new OidcAccessTokens(provider.tokenSettings(), clock), partners, counters,
                new AnonymousTokenLimit(LOCAL_ANONYMOUS_TOKENS_PER_HOUR, Duration.ofHours(1)),
                Optional.of(provider.signInSettings()), new LocalUsagePlans(partners, counters, clock));
    }
}
