package dev.breakfix.gateway.recording;

import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.PtySize;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings this gateway instance is writing, one per session, shared by the session's terminals.
 * Every {@code flushInterval} each one stores what waits as a chunk (sooner when a lot waits), so a
 * crash loses at most that long. A recording no terminal has fed for {@code linger} is flushed and
 * dropped; a terminal opened later (a reload, a reconnect) makes a new one that continues the stored
 * recording.
 */
public final class SessionRecordings implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRecordings.class);
    private static final AtomicInteger WRITERS = new AtomicInteger(new SecureRandom().nextInt(100));

    private final Recordings recordings;
    private final Clock clock;
    private final int capBytes;
    private final Duration linger;
    private final ScheduledExecutorService flusher;
    private final ConcurrentHashMap<SessionId, SessionRecording> active = new ConcurrentHashMap<>();

    public SessionRecordings(Recordings recordings, Clock clock, int capBytes, Duration flushInterval, Duration linger) {
        this.recordings = recordings;
        this.clock = clock;
        this.capBytes = capBytes;
        this.linger = linger;
        this.flusher = Executors.newScheduledThreadPool(2, daemonThreads("recording-flush"));
        long every = flushInterval.toMillis();
        flusher.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The session's recording, made if this instance has none; what is stored already is read in the
     * background (the terminal need not wait for it). The caller must {@link #leave} it when its
     * terminal closes.
     */
    public SessionRecording join(Session session, Scenario scenario, PtySize size) {
        Instant origin = session.readyAt().orElse(session.createdAt());
        while (true) {
            Instant now = clock.instant();
            SessionRecording fresh = new SessionRecording(session.id(), origin, Math.floorMod(WRITERS.getAndIncrement(), 100),
                    capBytes, size, now, this::flushSoon);
            SessionRecording existing = active.putIfAbsent(session.id(), fresh);
            SessionRecording recording = existing == null ? fresh : existing;
            if (recording.attach(size, now)) {
                if (existing == null) {
                    submit(() -> fresh.load(recordings, scenario.title()));
                }
                return recording;
            }
            // Retired by the flusher between the two calls: it is about to leave the map.
            Thread.yield();
        }
    }

    public void leave(SessionRecording recording) {
        recording.detach(clock.instant());
    }

    /** Stores what the session's recording holds now, without waiting for the next tick (the session ended). */
    public void flushNow(SessionId session) {
        SessionRecording recording = active.get(session);
        if (recording != null) {
            submit(() -> recording.flush(recordings, clock.instant()));
        }
    }

    private void flushSoon(SessionRecording recording) {
        submit(() -> recording.flush(recordings, clock.instant()));
    }

    private void submit(Runnable task) {
        try {
            flusher.execute(task);
        } catch (RejectedExecutionException stopping) {
            // Closing: close() flushes everything itself.
        }
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            for (SessionRecording recording : List.copyOf(active.values())) {
                if (recording.retireIfIdleSince(now.minus(linger))) {
                    active.remove(recording.session(), recording);
                }
                recording.flush(recordings, now);
            }
        } catch (RuntimeException e) {
            LOG.error("recording flush tick failed", e);
        }
    }

    /** Recordings being written, for health and tests. */
    public int active() {
        return active.size();
    }

    /** Stores everything that waits, then stops. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Instant now = clock.instant();
        for (SessionRecording recording : active.values()) {
            recording.flush(recordings, now);
        }
        active.clear();
    }

    /** Stops at once and stores nothing more: what a crash (or a SIGKILL) does, for tests. */
    public void halt() {
        flusher.shutdownNow();
        active.values().forEach(SessionRecording::discard);
        active.clear();
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
