package dev.breakfix.local.stepfunctions;

/** The status of an execution, as Step Functions names it. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED;

    public boolean isClosed() {
        return this != RUNNING;
    }
}
