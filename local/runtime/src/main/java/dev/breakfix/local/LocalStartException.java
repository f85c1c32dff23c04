package dev.breakfix.local;

/** The runtime cannot start for a reason the user can fix; its message says how. */
public final class LocalStartException extends RuntimeException {
    public LocalStartException(String message) {
        super(message);
    }
}
