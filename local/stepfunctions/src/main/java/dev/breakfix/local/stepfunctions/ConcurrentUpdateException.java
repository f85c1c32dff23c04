package dev.breakfix.local.stepfunctions;

/** Another runner saved the execution since this one read it: this one must let it go. */
public final class ConcurrentUpdateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConcurrentUpdateException(String executionArn, long expectedVersion) {
        super("execution " + executionArn + " is no longer at version " + expectedVersion);
    }
}
