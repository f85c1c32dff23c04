package dev.breakfix.local.stepfunctions.tasks;

import java.util.Optional;

/**
 * A task that failed with an error name that Retry and Catch can match, such as
 * {@code DynamoDB.ConditionalCheckFailedException} or {@code Lambda.ServiceException}.
 */
public final class TaskFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String failureCause;

    public TaskFailure(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        if (error == null || error.isBlank()) {
            throw new IllegalArgumentException("a task failure needs an error name");
        }
        this.error = error;
        this.failureCause = cause;
    }

    public String error() {
        return error;
    }

    public Optional<String> failureCause() {
        return Optional.ofNullable(failureCause);
    }
}
