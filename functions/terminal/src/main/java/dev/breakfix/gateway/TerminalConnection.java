package dev.breakfix.gateway;

import dev.breakfix.gateway.AdmittingTerminal.Result;
import dev.breakfix.gateway.recording.SessionRecording;
import dev.breakfix.gateway.recording.TerminalText;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.PtySize;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshEndpoint;
import dev.breakfix.ssh.SshShell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One browser terminal: a WebSocket bridged to an SSH shell on the session's server.
 *
 * <p><b>Admission first.</b> On open, the ticket is checked and consumed and the session's state read
 * (on the setup pool: it blocks); only then is the SSH connection made. The socket is not read at all
 * until the shell is open, so nothing the browser sends can reach the server earlier.
 *
 * <p><b>Threads and backpressure.</b> Network threads never block. Output: a thread of this
 * connection's own reads the shell and sends binary frames asynchronously while fewer than
 * {@code outputWindowBytes} are unacknowledged; when the browser lags, it waits, the SSH channel's
 * window fills and the server's program pauses, as over a slow link; a browser that takes nothing for
 * {@code clientStallTimeout} is disconnected. Input: see {@link InputPump}.
 *
 * <p>Public only because Jetty calls its listener methods reflectively; made by {@link TerminalGateway}.
 */
public final class TerminalConnection implements Session.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalConnection.class);
    private static final int READ_BUFFER = 64 * 1024;
    private static final long OUTPUT_THREAD_STACK = 256 * 1024;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final AtomicLong IDS = new AtomicLong();

    enum State { ADMITTING, OPEN, CLOSING, CLOSED }

    private final TerminalGateway gateway;
    private final GatewaySettings settings;
    private final String requestedSession;
    private final PtySize initialSize;
    private final long id = IDS.incrementAndGet();
    private final Semaphore outputWindow;
    private final AtomicReference<State> state = new AtomicReference<>(State.ADMITTING);
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final long openedNanos = System.nanoTime();
    private volatile String ticket;
    private volatile Session socket;
    private volatile long lastPongNanos = System.nanoTime();

    // Released once each, by whoever closes first (guarded by this).
    private SessionId session;
    private SshConnection ssh;
    private SshShell shell;
    private SessionRecording recording;
    private InputPump input;

    TerminalConnection(TerminalGateway gateway, String requestedSession, String ticket, PtySize initialSize) {
        this.gateway = gateway;
        this.settings = gateway.settings();
        this.requestedSession = requestedSession;
        this.ticket = ticket;
        this.initialSize = initialSize;
        this.outputWindow = new Semaphore(settings.outputWindowBytes());
    }

    State state() {
        return state.get();
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.socket = opened;
        if (!gateway.opened(this)) {
            goingAway();
            return;
        }
        gateway.setup(this::admitAndBridge);
    }

    private void admitAndBridge() {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", sessionLabel())) {
            String presented = ticket;
            ticket = null;
            long started = System.nanoTime();
            Result result;
            try {
                result = gateway.admission().admit(requestedSession, presented);
            } catch (RuntimeException e) {
                LOG.error("terminal admission failed", e);
                refuse(Refusal.SERVER_UNREACHABLE);
                return;
            }
            if (result instanceof Result.Refused refused) {
                LOG.info("terminal refused: terminal={}, refusal={}", id, refused.refusal());
                refuse(refused.refusal());
                return;
            }
            Result.Admitted admitted = (Result.Admitted) result;
            SessionId admittedSession = admitted.session().id();
            if (!gateway.watch().add(admittedSession, this)) {
                LOG.info("terminal refused: terminal={}, refusal={}", id, Refusal.TOO_MANY_TERMINALS);
                refuse(Refusal.TOO_MANY_TERMINALS);
                return;
            }
            synchronized (this) {
                session = admittedSession;
            }
            long admittedAt = System.nanoTime();
            SshShell opened;
            try {
                SessionKeys keys = SessionKeys.derive(gateway.secret(), admittedSession);
                SshConnection connection = gateway.ssh().connect(
                        SshEndpoint.of(admitted.route().address(), admitted.scenario().loginUser()),
                        keys.clientKey(), keys.hostKey().publicKey(), settings.sshTimeout());
                synchronized (this) {
                    ssh = connection;
                }
                opened = connection.shell(initialSize, settings.sshTimeout());
            } catch (IOException | RuntimeException e) {
                LOG.warn("terminal could not open a shell on the server: terminal={}, server={}, error={}", id,
                        admitted.route().server(), e.toString());
                refuse(Refusal.SERVER_UNREACHABLE);
                return;
            }
            long shellAt = System.nanoTime();
            SessionRecording joined = gateway.recordings().join(admitted.session(), admitted.scenario(), initialSize);
            InputPump pump = new InputPump(opened.input(), gateway.writers(), settings.inputWindowBytes(), this::demand,
                    this::inputFailed);
            synchronized (this) {
                shell = opened;
                recording = joined;
                input = pump;
            }
            lastPongNanos = System.nanoTime();
            if (!state.compareAndSet(State.ADMITTING, State.OPEN)) {
                release();
                return;
            }
            long now = System.nanoTime();
            LOG.info("terminal opened: terminal={}, server={}, user={}, size={}x{}, waitedMs={}, admissionMs={}, sshMs={},"
                    + " recordingMs={}", id, admitted.route().server(), admitted.scenario().loginUser(),
                    initialSize.columns(), initialSize.rows(), (started - openedNanos) / 1_000_000,
                    (admittedAt - started) / 1_000_000, (shellAt - admittedAt) / 1_000_000, (now - shellAt) / 1_000_000);
            socket.sendText(ControlMessages.CONNECTED, Callback.NOOP);
            Thread output = new Thread(null, () -> pumpOutput(admittedSession, opened, joined),
                    "terminal-output-" + id, OUTPUT_THREAD_STACK);
            output.setDaemon(true);
            output.start();
            demand();
        }
    }

    private void pumpOutput(SessionId sessionId, SshShell from, SessionRecording to) {
        MDC.put("sessionId", sessionId.value());
        byte[] buffer = new byte[READ_BUFFER];
        TerminalText text = new TerminalText();
        long stallMillis = settings.clientStallTimeout().toMillis();
        try (InputStream in = from.output()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (to.recording()) {
                    to.output(text.decode(buffer, n), gateway.clock().instant());
                }
                if (!outputWindow.tryAcquire(n, stallMillis, TimeUnit.MILLISECONDS)) {
                    tooSlow();
                    return;
                }
                Session out = socket;
                if (state.get() != State.OPEN) {
                    return;
                }
                int permits = n;
                out.sendBinary(ByteBuffer.wrap(Arrays.copyOf(buffer, n)),
                        Callback.from(() -> outputWindow.release(permits), failure -> outputWindow.release(permits)));
                bytesOut.addAndGet(n);
            }
            shellExited(from);
        } catch (IOException e) {
            if (state.get() == State.OPEN) {
                LOG.info("terminal's shell channel closed: terminal={}, error={}", id, e.toString());
                shellExited(from);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MDC.remove("sessionId");
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        InputPump pump;
        synchronized (this) {
            pump = input;
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        if (pump == null || state.get() != State.OPEN) {
            return;
        }
        bytesIn.addAndGet(bytes.length);
        if (bytes.length == 0) {
            demand();
        } else {
            pump.offer(bytes);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            if (state.get() == State.OPEN) {
                ControlMessages.resize(message).ifPresent(this::resize);
            }
        } finally {
            demand();
        }
    }

    private void resize(PtySize size) {
        SshShell target;
        SessionRecording recorded;
        synchronized (this) {
            target = shell;
            recorded = recording;
        }
        if (target == null) {
            return;
        }
        try {
            target.resize(size);
            recorded.resize(size, gateway.clock().instant());
        } catch (IOException | RuntimeException e) {
            LOG.debug("resize not passed on: terminal={}, error={}", id, e.toString());
        }
    }

    /*
     * This listener demands frames itself (it is not AutoDemanding), and to Jetty every frame uses up a
     * demand, pings and pongs included: each handler below asks for the next frame, or the socket would
     * stop being read after the first ping.
     */

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        Session s = socket;
        if (s != null) {
            s.sendPong(payload, Callback.NOOP);
        }
        demand();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastPongNanos = System.nanoTime();
        demand();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("terminal socket error: terminal={}, error={}", id, cause.toString());
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        State before = state.getAndSet(State.CLOSED);
        release();
        gateway.closed(this);
        if (before != State.ADMITTING) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", sessionLabel())) {
                LOG.info("terminal closed: terminal={}, code={}, reason={}, bytesIn={}, bytesOut={}, seconds={}", id, code,
                        reason, bytesIn.get(), bytesOut.get(), (System.nanoTime() - openedNanos) / 1_000_000_000);
            }
        }
        callback.succeed();
    }

    private String sessionLabel() {
        return SessionId.isValid(requestedSession) ? requestedSession : "invalid";
    }

    /** The session ended: tell the browser why, then close normally. */
    void sessionEnded(String reason) {
        if (state.compareAndSet(State.OPEN, State.CLOSING) || state.compareAndSet(State.ADMITTING, State.CLOSING)) {
            socket.sendText(ControlMessages.ended(reason), Callback.NOOP);
            close(StatusCode.NORMAL, "session ended");
        }
        release();
    }

    /** This gateway instance is stopping: the browser should reconnect (with a new ticket). */
    void goingAway() {
        if (state.compareAndSet(State.OPEN, State.CLOSING) || state.compareAndSet(State.ADMITTING, State.CLOSING)) {
            close(StatusCode.SHUTDOWN, "gateway restarting");
        }
        release();
    }

    /** Pings the browser; disconnects one that answered none of the last three pings. */
    void ping(Duration interval) {
        if (state.get() != State.OPEN) {
            return;
        }
        if (System.nanoTime() - lastPongNanos > interval.multipliedBy(3).toNanos()) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", sessionLabel())) {
                LOG.info("terminal's browser stopped answering pings; disconnecting: terminal={}", id);
            }
            if (state.compareAndSet(State.OPEN, State.CLOSING)) {
                socket.disconnect();
            }
            release();
            return;
        }
        socket.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }

    /** Closes at once and stores nothing more, as a crashed gateway would (tests). */
    void halt() {
        state.set(State.CLOSING);
        Session s = socket;
        if (s != null) {
            s.disconnect();
        }
        release();
    }

    private void refuse(Refusal refusal) {
        if (state.compareAndSet(State.ADMITTING, State.CLOSING)) {
            socket.sendText(ControlMessages.error(refusal), Callback.NOOP);
            close(refusal.closeCode(), refusal.closeReason());
        }
        release();
    }

    private void shellExited(SshShell exited) {
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            OptionalInt status = exited.awaitExit(Duration.ofMillis(200));
            LOG.info("terminal's shell exited: terminal={}, status={}", id, status);
            socket.sendText(ControlMessages.exited(status.isPresent() ? status.getAsInt() : null), Callback.NOOP);
            close(StatusCode.NORMAL, "shell exited");
        }
        release();
    }

    private void tooSlow() {
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            LOG.warn("terminal's browser took no output for {} ms; disconnecting: terminal={}",
                    settings.clientStallTimeout().toMillis(), id);
            // A close frame would wait behind the output the browser is not taking: drop the connection.
            socket.disconnect();
        }
        release();
    }

    private void inputFailed(IOException e) {
        LOG.info("terminal input could not be written to the server: terminal={}, error={}", id, e.toString());
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            close(StatusCode.SERVER_ERROR, "server unreachable");
        }
        release();
    }

    /** Starts the close handshake; drops the connection if the browser does not complete it in time. */
    private void close(int code, String reason) {
        Session s = socket;
        s.close(code, reason, Callback.NOOP);
        demand();
        gateway.later(CLOSE_GRACE, () -> {
            if (s.isOpen()) {
                s.disconnect();
            }
        });
    }

    private void demand() {
        Session s = socket;
        try {
            if (s != null && s.isOpen()) {
                s.demand();
            }
        } catch (RuntimeException alreadyDemandingOrClosed) {
            LOG.debug("demand not passed on: terminal={}, error={}", id, alreadyDemandingOrClosed.toString());
        }
    }

    /** Lets go of the server side; safe to call more than once and from any thread. */
    private void release() {
        InputPump pump;
        SshShell closingShell;
        SshConnection closingSsh;
        SessionRecording leaving;
        SessionId watched;
        synchronized (this) {
            pump = input;
            closingShell = shell;
            closingSsh = ssh;
            leaving = recording;
            watched = session;
            input = null;
            shell = null;
            ssh = null;
            recording = null;
            session = null;
        }
        if (pump != null) {
            pump.stop();
        }
        if (closingShell != null) {
            closingShell.close();
        }
        if (closingSsh != null) {
            closingSsh.close();
        }
        if (leaving != null) {
            gateway.recordings().leave(leaving);
        }
        if (watched != null) {
            gateway.watch().remove(watched, this);
        }
    }
}
