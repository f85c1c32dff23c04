package dev.breakfix.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario's {@code check.sh} on its server: the script is sent over an SSH exec channel at
 * check time (it is never stored on the server, so a user cannot read or change it beforehand) and run
 * by bash as root, with its standard input closed and a timeout.
 *
 * <p>Exit status 0 means solved. The first non-empty line the script prints is the user's message:
 * trimmed, control characters removed, at most {@value #MAX_MESSAGE_CHARS} characters.
 *
 * <p>Why root, by key, rather than the login user with sudo: a scenario may withhold sudo, and a user
 * may break their own account or sudo; the check must still judge the server. The root login accepts
 * only the session's key, which only the platform holds (see scenario-amis/base/README.md).
 */
public final class CheckRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final String CHECK_USER = "root";
    public static final int MAX_MESSAGE_CHARS = 200;
    static final String SOLVED = "Solved.";
    static final String NOT_SOLVED = "Not solved yet.";
    static final String TIMED_OUT = "The check did not finish in time. Is something on the server hanging?";
    /** Exit statuses of coreutils' timeout when it had to stop the script (TERM, then KILL). */
    private static final int TIMEOUT_TERM = 124;
    private static final int TIMEOUT_KILL = 137;
    /** Grace given to the remote timeout before the channel itself is closed. */
    private static final Duration CHANNEL_GRACE = Duration.ofSeconds(5);

    private final SshConnector connector;
    private final Duration connectTimeout;

    public CheckRunner(SshConnector connector, Duration connectTimeout) {
        this.connector = connector;
        this.connectTimeout = connectTimeout;
    }

    /** Logs in as root on {@code host} with the session's keys and runs the script. */
    public CheckResult check(String host, SessionKeys keys, String script, Duration timeout) throws IOException {
        try (SshConnection root = connector.connect(SshEndpoint.of(host, CHECK_USER), keys.clientKey(),
                keys.hostKey().publicKey(), connectTimeout)) {
            return check(root, script, timeout);
        }
    }

    /** Runs the script over an open connection (which must be root's). */
    public CheckResult check(SshConnection root, String script, Duration timeout) throws IOException {
        long seconds = Math.max(1, timeout.toSeconds());
        // The script arrives on stdin and is held in a shell variable only; then stdin is closed so that
        // nothing in the script can wait on it. timeout(1) stops it on the server; closing the channel is
        // the backstop if even that hangs.
        String command = "timeout --kill-after=2 " + seconds
                + " bash -c 's=$(cat); exec 0</dev/null; eval \"$s\"'";
        ExecResult run = root.exec(command, script.getBytes(StandardCharsets.UTF_8), timeout.plus(CHANNEL_GRACE));
        boolean timedOut = run.timedOut() || run.exitCode() == TIMEOUT_TERM || run.exitCode() == TIMEOUT_KILL;
        boolean solved = !timedOut && run.exitCode() == 0;
        String message = timedOut ? TIMED_OUT : firstLine(run.stdout()).orElse(solved ? SOLVED : NOT_SOLVED);
        String output = run.stderr().isEmpty() ? run.stdout() : run.stdout() + run.stderr();
        LOG.info("check ran: server={}, solved={}, exitCode={}, timedOut={}",
                root.endpoint().host(), solved, run.exitCode(), timedOut);
        return new CheckResult(solved, message, timedOut ? -1 : run.exitCode(), output);
    }

    /** The first line with anything printable on it, cleaned for display. */
    static java.util.Optional<String> firstLine(String output) {
        for (String line : output.split("\\R", -1)) {
            String cleaned = clean(line);
            if (!cleaned.isEmpty()) {
                return java.util.Optional.of(cleaned);
            }
        }
        return java.util.Optional.empty();
    }

    /** Drops ANSI escape sequences and control characters, trims, and caps the length. */
    static String clean(String line) {
        String noEscapes = line.replaceAll("\u001B\\[[0-?]*[ -/]*[@-~]", "").replaceAll("\u001B[@-_]", "");
        StringBuilder out = new StringBuilder();
        noEscapes.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        String trimmed = out.toString().strip();
        if (trimmed.codePointCount(0, trimmed.length()) <= MAX_MESSAGE_CHARS) {
            return trimmed;
        }
        int end = trimmed.offsetByCodePoints(0, MAX_MESSAGE_CHARS - 1);
        return trimmed.substring(0, end) + "…";
    }
}
