package dev.breakfix.sandbox;

/** The sandbox could not do what was asked on this host; the message says what and why. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
