package dev.breakfix.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.LocalDynamoDb;
import dev.breakfix.identity.WindowCounters.Count;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DynamoDbWindowCountersTest {
    private static final String TABLE = LocalDynamoDb.table(Tables.COUNTERS);
    private static final Instant NOW = Instant.parse("2026-11-28T10:10:00Z");
    private static final Instant WINDOW_END = Instant.parse("2026-11-28T11:00:00Z");

    private final DynamoDbWindowCounters counters = new DynamoDbWindowCounters(LocalDynamoDb.client(), TABLE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countIfBelow_shouldCountUpToTheLimit_thenRefuse() {
        String name = "rate#test#" + UUID.randomUUID();

        assertThat(counters.countIfBelow(name, 2, WINDOW_END)).isEqualTo(new Count.Counted(1));
        assertThat(counters.countIfBelow(name, 2, WINDOW_END)).isEqualTo(new Count.Counted(2));
        assertThat(counters.countIfBelow(name, 2, WINDOW_END)).isInstanceOf(Count.LimitReached.class);
        assertThat(counters.countIfBelow(name + "-other", 2, WINDOW_END)).isEqualTo(new Count.Counted(1));
    }

    @Test
    void countIfBelow_shouldNeverCountPastTheLimit_underConcurrency() throws Exception {
        // given twenty requests at once against a limit of ten
        String name = "rate#test#" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Count>> attempts = IntStream.range(0, 20)
                    .mapToObj(i -> (Callable<Count>) () -> counters.countIfBelow(name, 10, WINDOW_END)).toList();

            // when
            long counted = 0;
            for (Future<Count> attempt : pool.invokeAll(attempts)) {
                counted += attempt.get() instanceof Count.Counted ? 1 : 0;
            }

            // then
            assertThat(counted).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void countIfBelow_shouldStartOver_whenTheCountersWindowIsOver() {
        // given a counter at its limit whose window has ended (TTL deletion is late: it is still stored)
        String name = "rate#test#" + UUID.randomUUID();
        counters.countIfBelow(name, 1, NOW.minusSeconds(1));

        // when it is counted again after its end, it starts over
        assertThat(counters.countIfBelow(name, 1, WINDOW_END)).isEqualTo(new Count.Counted(1));
        assertThat(counters.countIfBelow(name, 1, WINDOW_END)).isInstanceOf(Count.LimitReached.class);
    }
}
