package dev.breakfix.ssh;

/**
 * The server presented a host key other than the one derived for its session: it is not the server
 * it claims to be. Never retried as if it were a slow start.
 */
public final class HostKeyRejectedException extends SshConnectException {
    public HostKeyRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
