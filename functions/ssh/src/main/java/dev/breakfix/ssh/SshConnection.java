package dev.breakfix.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** One authenticated SSH connection to a scenario server. Close it when done. */
public final class SshConnection implements AutoCloseable {
    /** Output kept per stream of an exec; the rest is read and dropped. */
    public static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final String TERM = "xterm-256color";

    private final ClientSession session;
    private final SshEndpoint endpoint;

    SshConnection(ClientSession session, SshEndpoint endpoint) {
        this.session = session;
        this.endpoint = endpoint;
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Runs a command without a pty, feeding it {@code stdin}. If it has not finished within
     * {@code timeout} its channel is closed at once (the remote sshd then hangs up on it) and the
     * result says {@code timedOut}.
     */
    public ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        BoundedOutput stdout = new BoundedOutput();
        BoundedOutput stderr = new BoundedOutput();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(stdin));
            channel.setOut(stdout);
            channel.setErr(stderr);
            long deadline = System.nanoTime() + timeout.toNanos();
            channel.open().verify(timeout);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            boolean timedOut = events.contains(ClientChannelEvent.TIMEOUT);
            if (timedOut) {
                channel.close(true);
            }
            Integer status = channel.getExitStatus();
            return new ExecResult(timedOut || status == null ? -1 : status, timedOut,
                    stdout.text(), stderr.text());
        }
    }

    public ExecResult exec(String command, Duration timeout) throws IOException {
        return exec(command, new byte[0], timeout);
    }

    /** Opens a login shell on a pty of the given size (TERM={@value #TERM}). */
    public SshShell shell(PtySize size, Duration timeout) throws IOException {
        ChannelShell channel = session.createShellChannel();
        channel.setUsePty(true);
        channel.setPtyType(TERM);
        channel.setPtyColumns(size.columns());
        channel.setPtyLines(size.rows());
        channel.setRedirectErrorStream(true);
        try {
            channel.open().verify(timeout);
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
        return new SshShell(channel);
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        session.close(true);
    }

    /** Keeps the first {@link #MAX_OUTPUT_BYTES} bytes written to it. */
    private static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (kept.size() < MAX_OUTPUT_BYTES) {
                kept.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            int room = MAX_OUTPUT_BYTES - kept.size();
            if (room > 0) {
                kept.write(bytes, offset, Math.min(room, length));
            }
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
