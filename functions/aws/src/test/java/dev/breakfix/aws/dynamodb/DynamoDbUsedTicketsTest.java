package dev.breakfix.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbUsedTicketsTest {
    private static final String TABLE = LocalDynamoDb.table(Tables.COUNTERS);
    private static final Instant EXPIRES = Instant.parse("2026-11-28T10:00:30Z");
    private final DynamoDbUsedTickets used = new DynamoDbUsedTickets(LocalDynamoDb.client(), TABLE);

    @Test
    void markUsed_shouldSucceedOnce_thenRefuseTheSameNonce() {
        String nonce = UUID.randomUUID().toString();

        assertThat(used.markUsed(nonce, EXPIRES)).isTrue();
        assertThat(used.markUsed(nonce, EXPIRES)).isFalse();
        assertThat(used.markUsed(UUID.randomUUID().toString(), EXPIRES)).isTrue();
    }

    @Test
    void markUsed_shouldLetExactlyOneOfManyConcurrentUsesThrough() throws Exception {
        // given ten gateways presenting the same ticket at once
        String nonce = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            var attempts = IntStream.range(0, 10).mapToObj(i -> (Callable<Boolean>) () -> used.markUsed(nonce, EXPIRES)).toList();

            // when
            long admitted = 0;
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                admitted += attempt.get() ? 1 : 0;
            }

            // then
            assertThat(admitted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void markUsed_shouldKeepTheItemPastTheTicketsExpiry_underTheTableTtl() {
        String nonce = UUID.randomUUID().toString();

        used.markUsed(nonce, EXPIRES);

        Map<String, AttributeValue> item = LocalDynamoDb.client().getItem(b -> b.tableName(TABLE)
                .key(Map.of("name", AttributeValue.fromS("ticket#" + nonce)))).item();
        assertThat(Long.parseLong(item.get(Tables.COUNTERS.ttlAttribute().orElseThrow()).n()))
                .isEqualTo(EXPIRES.getEpochSecond() + DynamoDbUsedTickets.KEEP_SECONDS);
    }
}
