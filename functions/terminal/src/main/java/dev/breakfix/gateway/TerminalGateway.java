package dev.breakfix.gateway;

import dev.breakfix.gateway.recording.SessionRecordings;
import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.server.Routes;
import dev.breakfix.session.Sessions;
import dev.breakfix.ssh.PtySize;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.terminal.TerminalTickets;
import dev.breakfix.terminal.UsedTickets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal gateway: WebSockets at {@code /term/{sessionId}?ticket=…[&cols=C&rows=R]}, each bridged
 * to an SSH shell on the session's server and recorded. Stateless between instances: tickets are
 * consumed in DynamoDB, recordings go to S3 in chunks, so any instance can serve any terminal and a
 * restarted one loses at most one flush interval of recording.
 *
 * <p>It is a Jetty {@link Handler} ({@link #handler}): the local runtime puts it in its own server,
 * next to the API and the website; on AWS {@link TerminalGatewayService} serves it alone.
 */
public final class TerminalGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalGateway.class);
    /** Where terminals are served; CloudFront sends this path to the gateway on AWS. */
    public static final String PATH_PREFIX = "/term/";
    /** Control messages are tiny; binary input arrives in frames of at most this size (larger ones are split). */
    static final int MAX_TEXT_MESSAGE = 64 * 1024;
    static final int MAX_FRAME = 64 * 1024;

    private final GatewaySettings settings;
    private final Clock clock;
    private final MasterSecret secret;
    private final SshConnector ssh;
    private final AdmittingTerminal admission;
    private final SessionRecordings recordings;
    private final SessionWatch watch;
    private final ExecutorService setupPool = Executors.newCachedThreadPool(daemon("terminal-setup"));
    private final ExecutorService writerPool = Executors.newCachedThreadPool(daemon("terminal-input"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("terminal-timers"));
    private final Set<TerminalConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private TerminalGateway(Builder b) {
        this.settings = b.settings;
        this.clock = b.clock;
        this.secret = Objects.requireNonNull(b.secret, "masterSecret");
        this.ssh = Objects.requireNonNull(b.ssh, "ssh");
        this.admission = new AdmittingTerminal(new TerminalTickets(secret, clock),
                Objects.requireNonNull(b.usedTickets, "usedTickets"), Objects.requireNonNull(b.sessions, "sessions"),
                new CachedRoutes(Objects.requireNonNull(b.routes, "routes"), clock, settings.routeCacheTtl()),
                Objects.requireNonNull(b.catalog, "catalog"));
        this.recordings = new SessionRecordings(Objects.requireNonNull(b.recordings, "recordings"), clock,
                settings.recordingCapBytes(), settings.flushInterval(), settings.recordingLinger());
        this.watch = new SessionWatch(b.sessions, clock, settings.maxTerminalsPerSession(), recordings::flushNow);
        long poll = settings.sessionPollInterval().toMillis();
        timers.scheduleWithFixedDelay(guarded(watch::poll), poll, poll, TimeUnit.MILLISECONDS);
        long ping = settings.pingInterval().toMillis();
        timers.scheduleWithFixedDelay(guarded(() -> connections.forEach(c -> c.ping(settings.pingInterval()))),
                ping, ping, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The handler to put in a Jetty server's handler tree: upgrades {@code /term/*} requests to
     * terminals, answers other requests under {@code /term/} with 426, and leaves every other path to
     * the handlers after it. Call before the server starts.
     */
    public Handler handler(Server server) {
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(settings.idleTimeout());
            container.setMaxTextMessageSize(MAX_TEXT_MESSAGE);
            container.setMaxFrameSize(MAX_FRAME);
            container.setAutoFragment(true);
            // Every callback of a terminal's listener returns at once (blocking work has its own
            // threads), so Jetty may call them on its selector thread: one thread hand-off less per
            // keystroke.
            container.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
            container.addMapping(PATH_PREFIX + "*", this::create);
        });
        upgrades.setHandler(new NotAWebSocket());
        return upgrades;
    }

    private Object create(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String path = Request.getPathInContext(request);
        String session = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        return new TerminalConnection(this, session, query.getValue("ticket"), size(query));
    }

    /** The first size from the optional {@code cols}/{@code rows} query parameters, else 80x24. */
    static PtySize size(Fields query) {
        try {
            String cols = query.getValue("cols");
            String rows = query.getValue("rows");
            if (cols != null && rows != null) {
                return new PtySize(Integer.parseInt(cols), Integer.parseInt(rows));
            }
        } catch (IllegalArgumentException notASize) {
            // falls through to the default
        }
        return PtySize.DEFAULT;
    }

    /** Terminals open (or being opened) on this instance. */
    public int terminals() {
        return connections.size();
    }

    /** Closes every terminal ("gateway restarting": browsers reconnect elsewhere) and stores all recordings. */
    @Override
    public void close() {
        stopping = true;
        List.copyOf(connections).forEach(TerminalConnection::goingAway);
        recordings.close();
        timers.shutdownNow();
        setupPool.shutdownNow();
        writerPool.shutdownNow();
        LOG.info("terminal gateway stopped");
    }

    /** Stops as a crash would: connections dropped, nothing more stored. For tests. */
    void halt() {
        stopping = true;
        recordings.halt();
        List.copyOf(connections).forEach(TerminalConnection::halt);
        timers.shutdownNow();
        setupPool.shutdownNow();
        writerPool.shutdownNow();
    }

    // What the connections share.

    GatewaySettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    MasterSecret secret() {
        return secret;
    }

    SshConnector ssh() {
        return ssh;
    }

    AdmittingTerminal admission() {
        return admission;
    }

    SessionRecordings recordings() {
        return recordings;
    }

    SessionWatch watch() {
        return watch;
    }

    ExecutorService writers() {
        return writerPool;
    }

    boolean opened(TerminalConnection connection) {
        connections.add(connection);
        return !stopping;
    }

    void closed(TerminalConnection connection) {
        connections.remove(connection);
    }

    void setup(Runnable task) {
        try {
            setupPool.execute(task);
        } catch (RejectedExecutionException stopped) {
            // Stopping: the connection is closed by close().
        }
    }

    void later(Duration delay, Runnable task) {
        try {
            timers.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // Stopping: Jetty closes what is left.
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("terminal gateway task failed", e);
            }
        };
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Plain HTTP under /term/: this path speaks WebSocket only. */
    private static final class NotAWebSocket extends Handler.Abstract {
        private static final byte[] BODY = ("{\"error\":{\"code\":\"UPGRADE_REQUIRED\","
                + "\"message\":\"Terminals are WebSockets: connect with the URL from POST /api/sessions/{id}/terminal.\"}}")
                .getBytes(StandardCharsets.UTF_8);

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (!path.startsWith(PATH_PREFIX) && !path.equals("/term")) {
                return false;
            }
            response.setStatus(426);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(BODY), callback);
            return true;
        }
    }

    /** The gateway's dependencies, given explicitly; the settings and clock have defaults. */
    public static final class Builder {
        private Sessions sessions;
        private Routes routes;
        private ScenarioCatalog catalog;
        private UsedTickets usedTickets;
        private MasterSecret secret;
        private SshConnector ssh;
        private Recordings recordings;
        private Clock clock = Clock.systemUTC();
        private GatewaySettings settings = GatewaySettings.defaults();

        private Builder() {}

        public Builder sessions(Sessions sessions) {
            this.sessions = sessions;
            return this;
        }

        public Builder routes(Routes routes) {
            this.routes = routes;
            return this;
        }

        public Builder catalog(ScenarioCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        public Builder usedTickets(UsedTickets usedTickets) {
            this.usedTickets = usedTickets;
            return this;
        }

        public Builder masterSecret(MasterSecret secret) {
            this.secret = secret;
            return this;
        }

        /** The SSH client to use; the gateway does not close it. */
        public Builder ssh(SshConnector ssh) {
            this.ssh = ssh;
            return this;
        }

        public Builder recordings(Recordings recordings) {
            this.recordings = recordings;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder settings(GatewaySettings settings) {
            this.settings = settings;
            return this;
        }

        public TerminalGateway build() {
            return new TerminalGateway(this);
        }
    }
}
