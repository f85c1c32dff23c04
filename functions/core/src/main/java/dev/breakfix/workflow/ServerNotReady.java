package dev.breakfix.workflow;

/** The server does not answer SSH yet: the workflow retries with backoff, a bounded number of times. */
public final class ServerNotReady extends WorkflowException {
    public ServerNotReady(String message) {
        super(message);
    }
}
