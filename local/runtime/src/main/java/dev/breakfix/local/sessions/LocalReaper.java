package dev.breakfix.local.sessions;

import dev.breakfix.sandbox.LxcServers;
import dev.breakfix.sandbox.ServerRecord;
import dev.breakfix.server.ServerFleet;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers;
import dev.breakfix.session.ReapingSessions;
import dev.breakfix.session.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reaper locally: a timer in the runtime that runs {@link ReapingSessions} every few seconds (on
 * AWS, EventBridge Scheduler runs it in a function) over this runtime's sessions and servers (by their
 * on-disk records), then lets the sandbox clear what a crash can leave half-made: a server folder
 * without its record, an address lease of this runtime without its server
 * ({@link LxcServers#terminateExpired}).
 */
public final class LocalReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReaper.class);

    private final ReapingSessions reaping;
    private final LxcServers sandbox;
    private final Clock clock;
    private final Duration grace;
    private final ScheduledExecutorService timer;

    private LocalReaper(ReapingSessions reaping, LxcServers sandbox, Clock clock, Duration grace) {
        this.reaping = reaping;
        this.sandbox = sandbox;
        this.clock = clock;
        this.grace = grace;
        this.timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "reaper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the timer; the first run is one interval after the start, so resumed workflows go first. */
    public static LocalReaper start(ReapingSessions reaping, LxcServers sandbox, Clock clock, Duration grace,
            Duration interval) {
        LocalReaper reaper = new LocalReaper(reaping, sandbox, clock, grace);
        reaper.timer.scheduleWithFixedDelay(reaper::runOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return reaper;
    }

    /** The sandbox's servers, from their on-disk records, ended through {@code servers} (the port the workflow uses). */
    public static ServerFleet fleet(LxcServers sandbox, Servers servers) {
        return new ServerFleet() {
            @Override
            public List<Item> servers() {
                return sandbox.servers().stream().map(LocalReaper::item).toList();
            }

            @Override
            public void terminate(ServerId server) {
                servers.terminate(server);
            }
        };
    }

    private static ServerFleet.Item item(ServerRecord record) {
        Optional<SessionId> session = Optional.of(record.session()).filter(SessionId::isValid).map(SessionId::new);
        return new ServerFleet.Item(new ServerId(record.server()), session, Optional.of(record.deadline()),
                record.createdAt());
    }

    void runOnce() {
        try {
            ReapingSessions.Report report = reaping.reap();
            List<ServerId> halfMade = sandbox.terminateExpired(clock.instant(), grace);
            if (!report.isEmpty() || !halfMade.isEmpty()) {
                LOG.atInfo().addKeyValue("sessionsClosed", report.sessionsClosed().size())
                        .addKeyValue("serversTerminated", report.serversTerminated().size() + halfMade.size())
                        .log("reaper run done");
            }
        } catch (RuntimeException e) {
            // The next run tries again; a timer task that throws would never run again.
            LOG.atWarn().setCause(e).log("reaper run failed");
        }
    }

    @Override
    public void close() {
        // A run in progress finishes what it does to a server rather than leave it half-terminated.
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
