package dev.breakfix.local.stepfunctions.tasks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the resource of a Task state locally. It may block (it runs on the runner's task threads,
 * not on the threads that move executions); a state's TimeoutSeconds interrupts it.
 */
@FunctionalInterface
public interface TaskHandler {
    /**
     * @return the task's result, the state's raw result before ResultSelector
     * @throws TaskFailure for a failure with an error name; any other exception fails the task
     *     with {@code States.TaskFailed}
     */
    JsonNode invoke(TaskRequest request) throws TaskFailure;
}
