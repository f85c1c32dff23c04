package dev.breakfix.ssh;

import java.io.IOException;

/** The server could not be reached or would not let the platform in (yet): usually worth a retry. */
public class SshConnectException extends IOException {
    public SshConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
