package dev.breakfix.local.stepfunctions.store;

import dev.breakfix.local.stepfunctions.ConcurrentUpdateException;
import dev.breakfix.local.stepfunctions.ExecutionSnapshot;
import dev.breakfix.local.stepfunctions.ExecutionStatus;
import dev.breakfix.local.stepfunctions.ExecutionStore;
import dev.breakfix.local.stepfunctions.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An {@link ExecutionStore} in memory, for tests and for runs that need not survive a restart.
 * Values go through the same JSON form as in DynamoDB, so that what it returns is a copy.
 */
public final class InMemoryExecutionStore implements ExecutionStore {
    private final Map<String, String> definitions = new ConcurrentHashMap<>();
    private final Map<String, String> executions = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, String>> histories = new ConcurrentHashMap<>();

    @Override
    public void putDefinition(String revisionId, String definition) {
        definitions.putIfAbsent(revisionId, definition);
    }

    @Override
    public Optional<String> definition(String revisionId) {
        return Optional.ofNullable(definitions.get(revisionId));
    }

    @Override
    public boolean create(ExecutionSnapshot execution, List<HistoryEvent> events) {
        if (executions.putIfAbsent(execution.executionArn(), SnapshotCodec.write(execution)) != null) {
            return false;
        }
        append(execution.executionArn(), events);
        return true;
    }

    @Override
    public void update(ExecutionSnapshot execution, List<HistoryEvent> events) {
        append(execution.executionArn(), events);
        String written = SnapshotCodec.write(execution);
        executions.compute(execution.executionArn(), (arn, stored) -> {
            long storedVersion = stored == null ? -1 : SnapshotCodec.snapshot(stored).version();
            if (storedVersion != execution.version() - 1) {
                throw new ConcurrentUpdateException(arn, execution.version() - 1);
            }
            return written;
        });
    }

    @Override
    public Optional<ExecutionSnapshot> find(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn)).map(SnapshotCodec::snapshot);
    }

    @Override
    public List<ExecutionSnapshot> list(String stateMachineArn) {
        List<ExecutionSnapshot> out = new ArrayList<>();
        for (String json : executions.values()) {
            ExecutionSnapshot snapshot = SnapshotCodec.snapshot(json);
            if (snapshot.stateMachineArn().equals(stateMachineArn)) {
                out.add(snapshot);
            }
        }
        return out;
    }

    @Override
    public List<ExecutionSnapshot> running() {
        List<ExecutionSnapshot> out = new ArrayList<>();
        for (String json : executions.values()) {
            ExecutionSnapshot snapshot = SnapshotCodec.snapshot(json);
            if (snapshot.status() == ExecutionStatus.RUNNING) {
                out.add(snapshot);
            }
        }
        return out;
    }

    @Override
    public List<HistoryEvent> history(String executionArn) {
        Optional<ExecutionSnapshot> execution = find(executionArn);
        ConcurrentSkipListMap<Long, String> events = histories.get(executionArn);
        if (execution.isEmpty() || events == null) {
            return List.of();
        }
        return events.headMap(execution.get().nextEventId()).values().stream().map(SnapshotCodec::event).toList();
    }

    private void append(String executionArn, List<HistoryEvent> events) {
        ConcurrentSkipListMap<Long, String> history =
                histories.computeIfAbsent(executionArn, arn -> new ConcurrentSkipListMap<>());
        for (HistoryEvent event : events) {
            history.put(event.id(), SnapshotCodec.write(event));
        }
    }
}
