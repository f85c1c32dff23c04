package dev.breakfix.local.stepfunctions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.local.stepfunctions.ConcurrentUpdateException;
import dev.breakfix.local.stepfunctions.ExecutionSnapshot;
import dev.breakfix.local.stepfunctions.ExecutionStatus;
import dev.breakfix.local.stepfunctions.ExecutionStore;
import dev.breakfix.local.stepfunctions.HistoryEvent;
import dev.breakfix.local.stepfunctions.HistoryEventType;
import dev.breakfix.local.stepfunctions.asl.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ExecutionStore} must do; each implementation's test extends this. */
abstract class ExecutionStoreContract {
    private static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:session";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    abstract ExecutionStore store();

    static ExecutionSnapshot running(String name, long version, long nextEventId) {
        ExecutionSnapshot.Cursor cursor = new ExecutionSnapshot.Cursor("Wait for the end", Json.parse("{\"a\":[1,null]}"),
                T0, ExecutionSnapshot.Phase.AWAITING_CALLBACK, 2, List.of(1, 0), Json.parse("{\"p\":1}"), null,
                "token-1", T0.plusSeconds(60), 0, null);
        return new ExecutionSnapshot("arn:aws:states:us-east-1:000000000000:execution:session:" + name, MACHINE, name,
                "rev", ExecutionStatus.RUNNING, Json.parse("{\"in\":true}"), T0, null, null, null, null, null, cursor,
                version, nextEventId);
    }

    static ExecutionSnapshot closed(ExecutionSnapshot running) {
        return new ExecutionSnapshot(running.executionArn(), running.stateMachineArn(), running.name(),
                running.revisionId(), ExecutionStatus.SUCCEEDED, running.input(), running.startDate(), T0.plusSeconds(5),
                Json.nodes().nullNode(), null, null, null, null, running.version() + 1, running.nextEventId() + 1);
    }

    static HistoryEvent event(long id) {
        return new HistoryEvent(id, id - 1, T0.plusSeconds(id), HistoryEventType.TaskScheduled,
                Json.object().put("resource", "r" + id));
    }

    @Test
    void create_shouldKeepTheExecutionAndItsEvents_whenTheNameIsNew() {
        // given
        String name = "s-" + UUID.randomUUID();
        ExecutionSnapshot snapshot = running(name, 1, 3);

        // when
        boolean created = store().create(snapshot, List.of(event(1), event(2)));

        // then
        assertThat(created).isTrue();
        assertThat(store().find(snapshot.executionArn())).contains(snapshot);
        assertThat(store().history(snapshot.executionArn())).containsExactly(event(1), event(2));
        assertThat(store().list(MACHINE)).contains(snapshot);
        assertThat(store().running()).contains(snapshot);
    }

    @Test
    void create_shouldReturnFalseAndChangeNothing_whenTheExecutionExists() {
        ExecutionSnapshot snapshot = running("s-" + UUID.randomUUID(), 1, 2);
        store().create(snapshot, List.of(event(1)));

        boolean again = store().create(running(snapshot.name(), 1, 2), List.of(event(1)));

        assertThat(again).isFalse();
        assertThat(store().find(snapshot.executionArn())).contains(snapshot);
    }

    @Test
    void update_shouldSaveTheNextVersion_whenNobodyElseWrote() {
        ExecutionSnapshot snapshot = running("s-" + UUID.randomUUID(), 1, 2);
        store().create(snapshot, List.of(event(1)));
        ExecutionSnapshot done = closed(snapshot);

        store().update(done, List.of(event(2)));

        assertThat(store().find(snapshot.executionArn())).contains(done);
        assertThat(store().find(snapshot.executionArn()).orElseThrow().output().isNull()).isTrue();
        assertThat(store().history(snapshot.executionArn())).containsExactly(event(1), event(2));
        assertThat(store().running()).doesNotContain(snapshot, done);
    }

    @Test
    void update_shouldThrow_whenTheStoredVersionMovedOn() {
        ExecutionSnapshot snapshot = running("s-" + UUID.randomUUID(), 1, 2);
        store().create(snapshot, List.of(event(1)));
        store().update(running(snapshot.name(), 2, 2), List.of());

        assertThatThrownBy(() -> store().update(running(snapshot.name(), 2, 2), List.of()))
                .isInstanceOf(ConcurrentUpdateException.class);
    }

    @Test
    void history_shouldLeaveOutEventsPastNextEventId_whenAWriteWasCutShort() {
        ExecutionSnapshot snapshot = running("s-" + UUID.randomUUID(), 1, 2);
        store().create(snapshot, List.of(event(1)));
        // events of a transition whose execution write never happened
        assertThatThrownBy(() -> store().update(running(snapshot.name(), 5, 4), List.of(event(2), event(3))))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(store().history(snapshot.executionArn())).containsExactly(event(1));
    }

    @Test
    void definition_shouldBeFoundByRevision_whenStored() {
        String revision = UUID.randomUUID().toString();
        store().putDefinition(revision, "{\"StartAt\":\"A\"}");
        store().putDefinition(revision, "{\"StartAt\":\"A\"}");

        assertThat(store().definition(revision)).contains("{\"StartAt\":\"A\"}");
        assertThat(store().definition("unknown")).isEmpty();
        assertThat(store().find("arn:aws:states:us-east-1:000000000000:execution:session:nobody")).isEmpty();
        assertThat(store().find("not-an-arn")).isEmpty();
    }
}
