package dev.breakfix.workflow;

/**
 * A failure a workflow task reports on purpose. Step Functions names a Lambda error after the
 * exception's class, so each subclass's fully qualified name appears in the ASL's Retry and Catch.
 */
public abstract class WorkflowException extends RuntimeException {
    protected WorkflowException(String message) {
        super(message, null, false, false);
    }
}
