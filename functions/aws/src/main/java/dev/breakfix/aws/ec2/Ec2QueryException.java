package dev.breakfix.aws.ec2;

import java.util.Optional;

/**
 * EC2 answered a Query API call with an error ({@code <Response><Errors><Error><Code>}), or with an answer
 * that is not what EC2 documents. The message names the action, the HTTP status and EC2's code and message;
 * never the request, its signature or the credentials.
 */
public final class Ec2QueryException extends RuntimeException {
    private final String action;
    private final int statusCode;
    private final Optional<String> errorCode;

    private Ec2QueryException(String action, int statusCode, Optional<String> errorCode, String message,
            Throwable cause) {
        super(message, cause);
        this.action = action;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    /** EC2 refused the call: its error code (e.g. {@code InvalidInstanceID.NotFound}) and message. */
    static Ec2QueryException refused(String action, int statusCode, String errorCode, String message) {
        return new Ec2QueryException(action, statusCode, Optional.of(errorCode),
                "EC2 " + action + " failed: " + errorCode + " (HTTP " + statusCode + "): " + message, null);
    }

    /** The answer could not be read as EC2's: not XML, not the expected document, or an error without a code. */
    static Ec2QueryException unreadable(String action, int statusCode, String why, Throwable cause) {
        return new Ec2QueryException(action, statusCode, Optional.empty(),
                "EC2 " + action + " gave an answer that cannot be read (HTTP " + statusCode + "): " + why, cause);
    }

    /** The Query API action that failed, e.g. {@code DescribeInstances}. */
    public String action() {
        return action;
    }

    public int statusCode() {
        return statusCode;
    }

    /** EC2's error code; empty when the answer carried none (see {@link #unreadable}). */
    public Optional<String> errorCode() {
        return errorCode;
    }
}
