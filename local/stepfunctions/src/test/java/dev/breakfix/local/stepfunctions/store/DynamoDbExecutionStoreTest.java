package dev.breakfix.local.stepfunctions.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.local.stepfunctions.Dynalite;
import dev.breakfix.local.stepfunctions.ExecutionSnapshot;
import dev.breakfix.local.stepfunctions.ExecutionStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbExecutionStoreTest extends ExecutionStoreContract {
    @RegisterExtension
    static final Dynalite DYNAMO = new Dynalite();
    private static DynamoDbExecutionStore store;

    @BeforeAll
    static void createTable() {
        store = DynamoDbExecutionStore.builder().client(DYNAMO.client()).tableName("executions").build()
                .createTableIfMissing();
        store.createTableIfMissing();
    }

    @Override
    ExecutionStore store() {
        return store;
    }

    @Test
    void history_shouldReadEveryPage_whenAnExecutionHasManyEvents() {
        // given: more events than one batch write and one page of small items hold
        ExecutionSnapshot snapshot = running("long-history", 1, 302);
        List<dev.breakfix.local.stepfunctions.HistoryEvent> events = new ArrayList<>();
        for (long id = 1; id <= 301; id++) {
            events.add(event(id));
        }

        // when
        store.create(snapshot, events);

        // then
        assertThat(store.history(snapshot.executionArn())).hasSize(301).containsExactlyElementsOf(events);
    }
}
