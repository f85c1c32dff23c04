package dev.breakfix.local.stepfunctions;

/**
 * Kinds of history events: Step Functions' own names, plus {@link #ExecutionResumed}, written when a
 * restarted runner takes an execution up again.
 */
public enum HistoryEventType {
    ExecutionStarted, ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut, ExecutionAborted, ExecutionResumed,
    TaskStateEntered, TaskStateExited, TaskScheduled, TaskStarted, TaskSubmitted, TaskSucceeded, TaskFailed,
    TaskTimedOut,
    PassStateEntered, PassStateExited,
    ChoiceStateEntered, ChoiceStateExited,
    WaitStateEntered, WaitStateExited,
    SucceedStateEntered, SucceedStateExited,
    FailStateEntered;

    static HistoryEventType entered(String stateType) {
        return valueOf(stateType + "StateEntered");
    }

    static HistoryEventType exited(String stateType) {
        return valueOf(stateType + "StateExited");
    }
}
