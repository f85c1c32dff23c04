package dev.breakfix.workflow;

/** The user ended the session while its server was starting: the workflow goes straight to cleanup. */
public final class SessionAlreadyEnding extends WorkflowException {
    public SessionAlreadyEnding(String message) {
        super(message);
    }
}
