package dev.breakfix.gateway;

import java.time.Duration;
import java.util.Map;

/**
 * How the terminal gateway behaves; {@link #defaults()} is what runs locally and on AWS, where the
 * environment may change a few ({@link #fromEnvironment}).
 *
 * @param recordingCapBytes a session's recording stops (marked truncated) past this size
 * @param flushInterval how often waiting recording lines are stored as a chunk: the most a crash loses
 * @param recordingLinger how long a session's recording stays open after its last terminal closed
 * @param sessionPollInterval how often the state of each session with an open terminal is read, to
 *     close its terminals when it ends
 * @param routeCacheTtl how long a session's server address is reused before it is read again
 * @param sshTimeout to connect, log in and open the shell
 * @param outputWindowBytes terminal output sent to a browser and not yet acknowledged by the network;
 *     past it the gateway stops reading that terminal's SSH channel, which stops the server's program
 * @param inputWindowBytes keystrokes (or a paste) received and not yet written to SSH; past it the
 *     gateway stops reading that browser's socket
 * @param clientStallTimeout a browser that takes no output for this long, with the window full, is
 *     disconnected
 * @param pingInterval how often each browser is pinged (keeps load balancers from closing idle sockets;
 *     a browser that answers none of three pings is disconnected)
 * @param idleTimeout the socket's own idle timeout, a backstop behind the pings
 * @param maxTerminalsPerSession tabs open at once on one session, through this instance
 */
public record GatewaySettings(
        int recordingCapBytes,
        Duration flushInterval,
        Duration recordingLinger,
        Duration sessionPollInterval,
        Duration routeCacheTtl,
        Duration sshTimeout,
        int outputWindowBytes,
        int inputWindowBytes,
        Duration clientStallTimeout,
        Duration pingInterval,
        Duration idleTimeout,
        int maxTerminalsPerSession) {

    public static final int DEFAULT_RECORDING_CAP_BYTES = 5 * 1024 * 1024;

    public GatewaySettings {
        if (recordingCapBytes < 4096) {
            throw new IllegalArgumentException("the recording cap must be at least 4096 bytes");
        }
        if (flushInterval.isNegative() || flushInterval.isZero() || flushInterval.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("recordings are flushed at least every 5 seconds");
        }
        if (outputWindowBytes < 64 * 1024 || inputWindowBytes < 1) {
            throw new IllegalArgumentException("the output window holds at least one read (64 KiB)");
        }
    }

    public static GatewaySettings defaults() {
        return new GatewaySettings(DEFAULT_RECORDING_CAP_BYTES, Duration.ofSeconds(3), Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(10), 1024 * 1024, 256 * 1024,
                Duration.ofSeconds(20), Duration.ofSeconds(25), Duration.ofMinutes(2), 8);
    }

    /** The defaults with {@code RECORDING_CAP_BYTES} and {@code RECORDING_FLUSH_SECONDS} applied when set. */
    public static GatewaySettings fromEnvironment(Map<String, String> environment) {
        GatewaySettings settings = defaults();
        String cap = environment.get("RECORDING_CAP_BYTES");
        if (cap != null && !cap.isBlank()) {
            settings = settings.withRecordingCapBytes(Integer.parseInt(cap.trim()));
        }
        String flush = environment.get("RECORDING_FLUSH_SECONDS");
        if (flush != null && !flush.isBlank()) {
            settings = settings.withFlushInterval(Duration.ofSeconds(Long.parseLong(flush.trim())));
        }
        return settings;
    }

    public GatewaySettings withRecordingCapBytes(int bytes) {
        return new GatewaySettings(bytes, flushInterval, recordingLinger, sessionPollInterval, routeCacheTtl, sshTimeout,
                outputWindowBytes, inputWindowBytes, clientStallTimeout, pingInterval, idleTimeout, maxTerminalsPerSession);
    }

    public GatewaySettings withFlushInterval(Duration interval) {
        return new GatewaySettings(recordingCapBytes, interval, recordingLinger, sessionPollInterval, routeCacheTtl, sshTimeout,
                outputWindowBytes, inputWindowBytes, clientStallTimeout, pingInterval, idleTimeout, maxTerminalsPerSession);
    }

    public GatewaySettings withSessionPollInterval(Duration interval) {
        return new GatewaySettings(recordingCapBytes, flushInterval, recordingLinger, interval, routeCacheTtl, sshTimeout,
                outputWindowBytes, inputWindowBytes, clientStallTimeout, pingInterval, idleTimeout, maxTerminalsPerSession);
    }

    public GatewaySettings withClientStallTimeout(Duration timeout) {
        return new GatewaySettings(recordingCapBytes, flushInterval, recordingLinger, sessionPollInterval, routeCacheTtl,
                sshTimeout, outputWindowBytes, inputWindowBytes, timeout, pingInterval, idleTimeout, maxTerminalsPerSession);
    }

    public GatewaySettings withPingInterval(Duration interval) {
        return new GatewaySettings(recordingCapBytes, flushInterval, recordingLinger, sessionPollInterval, routeCacheTtl,
                sshTimeout, outputWindowBytes, inputWindowBytes, clientStallTimeout, interval, idleTimeout, maxTerminalsPerSession);
    }

    public GatewaySettings withOutputWindowBytes(int bytes) {
        return new GatewaySettings(recordingCapBytes, flushInterval, recordingLinger, sessionPollInterval, routeCacheTtl,
                sshTimeout, bytes, inputWindowBytes, clientStallTimeout, pingInterval, idleTimeout, maxTerminalsPerSession);
    }
}
