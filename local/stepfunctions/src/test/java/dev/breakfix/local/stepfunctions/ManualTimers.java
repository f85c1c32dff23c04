package dev.breakfix.local.stepfunctions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Timers on a clock that only moves when the test says so; due actions run on the test's thread. */
final class ManualTimers implements Timers {
    private record Entry(Instant at, long seq, Runnable action) {}

    private final PriorityQueue<Entry> queue =
            new PriorityQueue<>(Comparator.comparing(Entry::at).thenComparingLong(Entry::seq));
    private final List<Duration> scheduledDelays = new ArrayList<>();
    private Instant now;
    private long seq;

    ManualTimers(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable action) {
        Entry entry = new Entry(at, seq++, action);
        scheduledDelays.add(Duration.between(now, at));
        queue.add(entry);
        return () -> {
            synchronized (this) {
                queue.remove(entry);
            }
        };
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    /** Moves the clock forward, running every action that falls due, in order. */
    void advance(Duration duration) {
        Instant target;
        synchronized (this) {
            target = now.plus(duration);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at().isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                if (next.at().isAfter(now)) {
                    now = next.at();
                }
            }
            next.action().run();
        }
    }

    synchronized List<Duration> scheduledDelays() {
        return List.copyOf(scheduledDelays);
    }

    synchronized int pending() {
        return queue.size();
    }
}
