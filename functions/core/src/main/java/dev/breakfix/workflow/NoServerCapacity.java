package dev.breakfix.workflow;

/** The cloud has no capacity of the kind asked for (spot): the workflow falls back to on-demand. */
public final class NoServerCapacity extends WorkflowException {
    public NoServerCapacity(String message) {
        super(message);
    }
}
