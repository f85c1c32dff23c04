package dev.breakfix.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.LocalDynamoDb;
import dev.breakfix.identity.ApiKey;
import dev.breakfix.identity.Partner;
import dev.breakfix.identity.UsageLimits;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbPartnerKeysTest {
    private static final String TABLE = LocalDynamoDb.table(Tables.PARTNER_KEYS);
    private final DynamoDbPartnerKeys keys = new DynamoDbPartnerKeys(LocalDynamoDb.client(), TABLE);

    private static Partner partner(String name, Instant createdAt) {
        return new Partner(Partner.newId(), name, UsageLimits.of(5, 1000), createdAt);
    }

    @Test
    void add_shouldStoreThePartnerUnderTheKeysHash_andNeverTheKey() {
        ApiKey key = ApiKey.generate();
        Partner acme = partner("Acme", Instant.parse("2026-11-28T10:00:00Z"));

        assertThat(keys.add(key.hash(), acme)).isTrue();

        assertThat(keys.find(key.hash())).contains(acme);
        assertThat(keys.find(ApiKey.generate().hash())).isEmpty();
        Map<String, AttributeValue> item = LocalDynamoDb.client().getItem(b -> b.tableName(TABLE)
                .key(Map.of("keyHash", AttributeValue.fromS(key.hash())))).item();
        assertThat(item.toString()).doesNotContain(key.reveal());
        assertThat(item).containsKeys("partnerId", "name", "ratePerSecond", "burst", "dailyQuota", "createdAt");
    }

    @Test
    void add_shouldRefuseAHashThatIsTaken() {
        ApiKey key = ApiKey.generate();
        keys.add(key.hash(), partner("First", Instant.parse("2026-11-28T10:00:00Z")));

        assertThat(keys.add(key.hash(), partner("Second", Instant.parse("2026-11-28T10:00:01Z")))).isFalse();
        assertThat(keys.find(key.hash()).orElseThrow().name()).isEqualTo("First");
    }

    @Test
    void list_shouldListEveryPartner_oldestFirst() {
        String table = LocalDynamoDb.table(Tables.PARTNER_KEYS);
        DynamoDbPartnerKeys fresh = new DynamoDbPartnerKeys(LocalDynamoDb.client(), table);
        Partner later = partner("Later", Instant.parse("2026-11-28T11:00:00Z"));
        Partner earlier = partner("Earlier", Instant.parse("2026-11-28T10:00:00Z"));
        fresh.add(ApiKey.generate().hash(), later);
        fresh.add(ApiKey.generate().hash(), earlier);

        assertThat(fresh.list()).containsExactly(earlier, later);
    }
}
