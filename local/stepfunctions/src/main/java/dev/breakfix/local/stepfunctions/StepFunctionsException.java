package dev.breakfix.local.stepfunctions;

/**
 * A refused API call, named as Step Functions names it ({@code ExecutionAlreadyExists},
 * {@code TaskTimedOut}, …) so that callers map it the same way locally and on AWS.
 */
public final class StepFunctionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Step Functions' error codes for the calls the runner offers. */
    public enum Code {
        ExecutionAlreadyExists, ExecutionDoesNotExist, StateMachineDoesNotExist, InvalidName, InvalidExecutionInput,
        InvalidDefinition, InvalidOutput, InvalidToken, TaskDoesNotExist, TaskTimedOut
    }

    private final Code code;

    public StepFunctionsException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
