package dev.breakfix.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.LocalDynamoDb;
import dev.breakfix.session.Owner;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbActiveSessionsTest {
    private static final String TABLE = LocalDynamoDb.table(Tables.COUNTERS);
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final DynamoDbActiveSessions active = new DynamoDbActiveSessions(LocalDynamoDb.client(), TABLE);

    @Test
    void claim_shouldNameTheHolder_whenTheOwnerHasAnActiveSession() {
        Owner alice = Owner.user("alice-" + System.nanoTime());
        SessionId first = SessionId.random();

        assertThat(active.claim(alice, first, T0, T0.plusSeconds(3600))).isEmpty();
        assertThat(active.claim(alice, SessionId.random(), T0.plusSeconds(5), T0.plusSeconds(3605))).contains(first);
    }

    @Test
    void claim_shouldSucceed_whenTheHeldLockHasExpired() {
        Owner bob = Owner.user("bob-" + System.nanoTime());
        active.claim(bob, SessionId.random(), T0, T0.plusSeconds(60));

        assertThat(active.claim(bob, SessionId.random(), T0.plusSeconds(61), T0.plusSeconds(3661))).isEmpty();
    }

    @Test
    void release_shouldFreeTheLock_onlyForTheSessionHoldingIt() {
        Owner carol = Owner.user("carol-" + System.nanoTime());
        SessionId holder = SessionId.random();
        active.claim(carol, holder, T0, T0.plusSeconds(3600));

        active.release(carol, SessionId.random());
        assertThat(active.claim(carol, SessionId.random(), T0, T0.plusSeconds(3600))).contains(holder);

        active.release(carol, holder);
        assertThat(active.claim(carol, SessionId.random(), T0, T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void lockName_shouldBeWhatTheWorkflowDeletes() {
        // statemachines/session.asl.json: States.Format('active#{}', $.owner) with owner = Owner.key()
        assertThat(DynamoDbActiveSessions.lockName(Owner.user("alice"))).isEqualTo("active#user#alice");
    }

    @Test
    void serverSlots_shouldReadTheWorkflowsCounter() {
        DynamoDbServerSlots slots = new DynamoDbServerSlots(LocalDynamoDb.client(), TABLE);
        assertThat(slots.running()).isZero();

        LocalDynamoDb.client().updateItem(b -> b.tableName(TABLE)
                .key(Map.of("name", AttributeValue.fromS("servers")))
                .updateExpression("ADD running :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));

        assertThat(slots.running()).isEqualTo(1);
    }

    @Test
    void serverSlots_shouldReleaseOneSlot_butNeverGoBelowZero() {
        String table = LocalDynamoDb.table(Tables.COUNTERS);
        DynamoDbServerSlots slots = new DynamoDbServerSlots(LocalDynamoDb.client(), table);
        LocalDynamoDb.client().updateItem(b -> b.tableName(table)
                .key(Map.of("name", AttributeValue.fromS("servers")))
                .updateExpression("ADD running :two")
                .expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2"))));

        slots.release();
        assertThat(slots.running()).isEqualTo(1);
        slots.release();
        slots.release();
        assertThat(slots.running()).isZero();
    }

    @Test
    void serverSlots_shouldReleaseNothing_whenNothingWasCounted() {
        DynamoDbServerSlots slots = new DynamoDbServerSlots(LocalDynamoDb.client(), LocalDynamoDb.table(Tables.COUNTERS));

        slots.release();

        assertThat(slots.running()).isZero();
    }
}
