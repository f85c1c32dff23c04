package dev.breakfix.local.stepfunctions.asl;

/**
 * An error raised while a state runs, named the way the States Language names errors. The engine
 * hands it to the state's Retry and Catch fields, or fails the execution with it.
 */
public final class AslError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String cause;

    public AslError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    public static AslError runtime(String cause) {
        return new AslError(StatesErrors.RUNTIME, cause);
    }

    public static AslError intrinsicFailure(String cause) {
        return new AslError(StatesErrors.INTRINSIC_FAILURE, cause);
    }

    public static AslError resultPathMatchFailure(String cause) {
        return new AslError(StatesErrors.RESULT_PATH_MATCH_FAILURE, cause);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
