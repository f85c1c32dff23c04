package dev.breakfix.local.stepfunctions.asl;

import java.util.List;

/** The predefined error names of the States Language, and how Retry and Catch match them. */
public final class StatesErrors {
    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

    /** Errors that no Retry or Catch handles, not even {@code States.ALL}: the execution fails. */
    private static final List<String> TERMINAL = List.of(RUNTIME, DATA_LIMIT_EXCEEDED);

    private StatesErrors() {}

    public static boolean isTerminal(String error) {
        return TERMINAL.contains(error);
    }

    /**
     * Whether an {@code ErrorEquals} entry matches an error raised by a Task state:
     * {@code States.ALL} matches every error that can be handled, {@code States.TaskFailed} every
     * one except {@code States.Timeout}, any other name only itself.
     */
    public static boolean matches(String errorEquals, String error) {
        if (isTerminal(error)) {
            return false;
        }
        if (ALL.equals(errorEquals)) {
            return true;
        }
        if (TASK_FAILED.equals(errorEquals)) {
            return !TIMEOUT.equals(error);
        }
        return errorEquals.equals(error);
    }
}
