package dev.breakfix.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Carries one terminal's keystrokes (and pastes) from the socket to the SSH channel without ever
 * blocking a network thread: bytes are queued and written, in order, by a task on a separate pool,
 * since a write blocks while the server's window is full (a program not reading its input). The
 * socket is read further only while fewer than {@code window} bytes wait, so a huge paste is carried
 * at the pace the server takes it, in bounded memory.
 */
final class InputPump {
    private final OutputStream out;
    private final Executor writers;
    private final Runnable demand;
    private final Consumer<IOException> failed;
    private final int window;

    // Guarded by this.
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queued;
    private boolean draining;
    private boolean demandOwed;
    private boolean stopped;

    InputPump(OutputStream out, Executor writers, int window, Runnable demand, Consumer<IOException> failed) {
        this.out = out;
        this.writers = writers;
        this.window = window;
        this.demand = demand;
        this.failed = failed;
    }

    /** Takes bytes the browser sent; asks for more from the socket at once if there is room. */
    void offer(byte[] bytes) {
        boolean startDraining;
        boolean demandNow;
        synchronized (this) {
            if (stopped) {
                return;
            }
            queue.add(bytes);
            queued += bytes.length;
            startDraining = !draining;
            draining = true;
            demandNow = queued < window;
            demandOwed = !demandNow;
        }
        if (startDraining) {
            writers.execute(this::drain);
        }
        if (demandNow) {
            demand.run();
        }
    }

    void stop() {
        synchronized (this) {
            stopped = true;
            queue.clear();
            queued = 0;
        }
    }

    private void drain() {
        while (true) {
            byte[] next;
            synchronized (this) {
                next = stopped ? null : queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                out.write(next);
                out.flush();
            } catch (IOException e) {
                stop();
                failed.accept(e);
                return;
            }
            boolean demandNow;
            synchronized (this) {
                queued -= next.length;
                demandNow = demandOwed && queued < window;
                if (demandNow) {
                    demandOwed = false;
                }
            }
            if (demandNow) {
                demand.run();
            }
        }
    }
}
