package dev.breakfix.gateway.recording;

import dev.breakfix.recording.Recordings;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.PtySize;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One session's recording as this gateway instance writes it, fed by every terminal (tab) of the
 * session that this instance serves, in the order their output arrives.
 *
 * <p><b>Time.</b> Event times are seconds since the session became ready, so every writer of the same
 * session (tabs, a restarted gateway, another instance) shares one time line; they never go backwards
 * within one writer.
 *
 * <p><b>Chunks.</b> Lines wait in memory and are stored as one chunk per flush. Chunk 0 is the header,
 * written once by the first writer that finds no recording at all. Every other chunk's sequence is
 * {@code (deciseconds since the start + 1) * 100 + writer}, where {@code writer} (0–99) differs between
 * the writers of one gateway instance: sequences follow time across restarts, and two writers never
 * store the same sequence unless they flush in the same tenth of a second with the same writer number.
 * That leaves room for 27 hours after the start; sessions last 4 at most.
 *
 * <p><b>Cap.</b> When the stored and waiting lines would pass the cap, the recording stops: a visible
 * notice (an output event) and a marker event {@value #TRUNCATED_MARKER} end it, and nothing more is
 * written, by this writer or, since it finds the marker, by any writer after it. The terminal itself
 * is not affected.
 */
public final class SessionRecording {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRecording.class);
    /** The label of the marker event that ends a recording cut at its size cap. */
    public static final String TRUNCATED_MARKER = "breakfix:recording-truncated";
    static final String TRUNCATED_NOTICE = "\r\n\u001b[0m[breakfix: the recording stops here: it reached its size limit."
            + " The session went on.]\r\n";
    static final int MAX_SEQUENCE = 99_999_999;
    /** Room kept under the cap for the notice and the marker. */
    static final int NOTICE_RESERVE = 512;
    /** Waiting lines past this size are flushed at once rather than at the next tick. */
    static final int EARLY_FLUSH_BYTES = 256 * 1024;

    private final SessionId session;
    private final Instant origin;
    private final int writer;
    private final int capBytes;
    private final Consumer<SessionRecording> flushSoon;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final long startMicros;
    private final Object flushLock = new Object();

    /** False once nothing more will be recorded: lets terminals skip decoding their output. */
    private volatile boolean recording = true;

    // Guarded by this.
    private ByteArrayOutputStream waiting = new ByteArrayOutputStream();
    private byte[] header;
    private long stored;
    private boolean truncated;
    private boolean disabled;
    private long lastMicros;
    private PtySize size;
    private int attached;
    private Instant idleSince;
    private boolean retired;
    private int lastSequence;
    private boolean flushRequested;

    /**
     * @param firstSize the size of the first terminal: the header's, if this writer starts the recording
     * @param created when this writer started: where a continued recording gets its first resize event
     */
    SessionRecording(SessionId session, Instant origin, int writer, int capBytes, PtySize firstSize, Instant created,
            Consumer<SessionRecording> flushSoon) {
        if (writer < 0 || writer > 99) {
            throw new IllegalArgumentException("a writer number is 0 to 99");
        }
        this.session = session;
        this.origin = origin;
        this.writer = writer;
        this.capBytes = capBytes;
        this.flushSoon = flushSoon;
        this.size = firstSize;
        this.startMicros = micros(created);
    }

    public SessionId session() {
        return session;
    }

    /**
     * Learns what is stored already, off the terminal's path (terminals feed the recording meanwhile;
     * nothing is stored before this is done): nothing (then this writer writes the header), or a
     * recording to continue (its size counts towards the cap, the current size is recorded first, and a
     * truncated one stays stopped). If the store cannot be read, this writer records nothing rather than
     * risk a second header.
     */
    void load(Recordings recordings, String title) {
        try {
            Optional<byte[]> existing = recordings.read(session);
            synchronized (this) {
                if (existing.isEmpty()) {
                    header = Asciicast.header(size, origin, title);
                } else {
                    stored = existing.get().length;
                    truncated = new String(existing.get(), StandardCharsets.ISO_8859_1).contains(TRUNCATED_MARKER);
                    if (truncated) {
                        waiting = new ByteArrayOutputStream();
                        recording = false;
                    } else {
                        ByteArrayOutputStream continued = new ByteArrayOutputStream(waiting.size() + 32);
                        continued.writeBytes(Asciicast.event(startMicros, 'r', Asciicast.resizeData(size)));
                        continued.writeBytes(waiting.toByteArray());
                        waiting = continued;
                        if (size() > capBytes - NOTICE_RESERVE) {
                            waiting = new ByteArrayOutputStream();
                            truncate(lastMicros);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("the stored recording could not be read; this terminal is not recorded: session={}", session, e);
            synchronized (this) {
                disabled = true;
                recording = false;
                waiting = new ByteArrayOutputStream();
            }
        } finally {
            loaded.countDown();
        }
        flush(recordings, origin.plusNanos(lastMicros() * 1000));
    }

    private synchronized long lastMicros() {
        return lastMicros;
    }

    /** A terminal starts feeding this recording; false if it was retired meanwhile (then make a new one). */
    synchronized boolean attach(PtySize terminalSize, Instant at) {
        if (retired) {
            return false;
        }
        attached++;
        idleSince = null;
        resize(terminalSize, at);
        return true;
    }

    synchronized void detach(Instant at) {
        attached = Math.max(0, attached - 1);
        if (attached == 0) {
            idleSince = at;
        }
    }

    /** Retires the recording if no terminal has fed it since {@code before}; then it takes no more terminals. */
    synchronized boolean retireIfIdleSince(Instant before) {
        if (attached == 0 && idleSince != null && !idleSince.isAfter(before)) {
            retired = true;
        }
        return retired;
    }

    /** What a terminal showed. */
    public void output(String text, Instant at) {
        if (!text.isEmpty()) {
            boolean flush;
            synchronized (this) {
                if (truncated || disabled) {
                    return;
                }
                flush = append(Asciicast.event(micros(at), 'o', text), at);
            }
            if (flush) {
                flushSoon.accept(this);
            }
        }
    }

    /** A terminal changed size; recorded only when it differs from the last size recorded. */
    public synchronized void resize(PtySize newSize, Instant at) {
        if (truncated || disabled || newSize.equals(size)) {
            return;
        }
        size = newSize;
        append(Asciicast.event(micros(at), 'r', Asciicast.resizeData(newSize)), at);
    }

    /** Whether output is still recorded (not truncated, not disabled); a hint, read without locking. */
    public boolean recording() {
        return recording;
    }

    public synchronized boolean truncated() {
        return truncated;
    }

    /** Bytes stored and waiting, as counted against the cap. */
    synchronized long size() {
        return stored + (header == null ? 0 : header.length) + waiting.size();
    }

    /** Adds a line, or ends the recording if the line would pass the cap; true when a flush should not wait. */
    private boolean append(byte[] line, Instant at) {
        if (size() + line.length > capBytes - NOTICE_RESERVE) {
            truncate(micros(at));
            return requestFlush();
        }
        waiting.writeBytes(line);
        return waiting.size() >= EARLY_FLUSH_BYTES && requestFlush();
    }

    /** Ends the recording with a visible notice and the marker; nothing more is recorded. */
    private void truncate(long micros) {
        waiting.writeBytes(Asciicast.event(micros, 'o', TRUNCATED_NOTICE));
        waiting.writeBytes(Asciicast.event(micros, 'm', TRUNCATED_MARKER));
        truncated = true;
        recording = false;
        LOG.info("recording reached its cap and stops; the terminal goes on: session={}, capBytes={}", session, capBytes);
    }

    private boolean requestFlush() {
        if (flushRequested) {
            return false;
        }
        flushRequested = true;
        return true;
    }

    private long micros(Instant at) {
        long micros = Math.max(0, Duration.between(origin, at).toNanos() / 1000);
        lastMicros = Math.max(lastMicros, micros);
        return lastMicros;
    }

    /** Stores what waits, as one chunk (the header first, if it is still to be written). */
    void flush(Recordings recordings, Instant now) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", session.value())) {
            flushLocked(recordings, now);
        }
    }

    private void flushLocked(Recordings recordings, Instant now) {
        if (loaded.getCount() > 0) {
            return;
        }
        synchronized (flushLock) {
            byte[] headerToStore;
            synchronized (this) {
                flushRequested = false;
                headerToStore = header;
            }
            if (headerToStore != null) {
                try {
                    recordings.putChunk(session, 0, headerToStore);
                } catch (RuntimeException e) {
                    LOG.warn("recording header not stored; kept for the next try: session={}", session, e);
                    return;
                }
                synchronized (this) {
                    header = null;
                    stored += headerToStore.length;
                }
            }
            int sequence;
            byte[] lines;
            synchronized (this) {
                if (waiting.size() == 0) {
                    return;
                }
                sequence = nextSequence(now);
                if (sequence < 0) {
                    LOG.warn("recording past its sequence horizon; it stops: session={}", session);
                    truncated = true;
                    recording = false;
                    waiting = new ByteArrayOutputStream();
                    return;
                }
                lines = waiting.toByteArray();
                waiting = new ByteArrayOutputStream();
            }
            try {
                recordings.putChunk(session, sequence, lines);
                synchronized (this) {
                    stored += lines.length;
                }
            } catch (RuntimeException e) {
                LOG.warn("recording chunk not stored; kept for the next try: session={}, bytes={}", session, lines.length, e);
                synchronized (this) {
                    ByteArrayOutputStream restored = new ByteArrayOutputStream(lines.length + waiting.size());
                    restored.writeBytes(lines);
                    restored.writeBytes(waiting.toByteArray());
                    waiting = restored;
                }
            }
        }
    }

    /** Drops what waits without storing it: what a crash loses. */
    synchronized void discard() {
        waiting = new ByteArrayOutputStream();
        header = null;
        disabled = true;
        recording = false;
    }

    private int nextSequence(Instant now) {
        long deciseconds = Math.max(0, Duration.between(origin, now).toMillis() / 100);
        long sequence = (deciseconds + 1) * 100 + writer;
        if (sequence <= lastSequence) {
            sequence = lastSequence + 100L;
        }
        if (sequence > MAX_SEQUENCE) {
            return -1;
        }
        lastSequence = (int) sequence;
        return lastSequence;
    }
}
