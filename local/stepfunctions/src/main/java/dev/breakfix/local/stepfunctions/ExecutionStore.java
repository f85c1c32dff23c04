package dev.breakfix.local.stepfunctions;

import java.util.List;
import java.util.Optional;

/**
 * Where executions, their histories and the definitions they run are kept, so that a restarted
 * runner resumes what was running. Implementations: {@code InMemoryExecutionStore} (tests) and
 * {@code DynamoDbExecutionStore} (the local runtime, on dynalite).
 */
public interface ExecutionStore {

    /** Keeps a definition under its revision id; storing the same revision again changes nothing. */
    void putDefinition(String revisionId, String definition);

    Optional<String> definition(String revisionId);

    /**
     * Saves a new execution with its first events.
     *
     * @return false, writing nothing, when an execution with the same ARN exists
     */
    boolean create(ExecutionSnapshot execution, List<HistoryEvent> events);

    /**
     * Saves the next version of an execution with the events added since the last save: events first,
     * then the execution, only if the stored version is {@code execution.version() - 1}.
     *
     * @throws ConcurrentUpdateException when another writer got there first
     */
    void update(ExecutionSnapshot execution, List<HistoryEvent> events);

    Optional<ExecutionSnapshot> find(String executionArn);

    /** The executions of a state machine, in no particular order. */
    List<ExecutionSnapshot> list(String stateMachineArn);

    /** Every execution whose status is RUNNING. */
    List<ExecutionSnapshot> running();

    /** The execution's history in order, without events past its {@code nextEventId}. */
    List<HistoryEvent> history(String executionArn);
}
