package dev.breakfix.local.stepfunctions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Timers on a scheduled executor: a waiting execution is an entry in its queue, not a thread. */
final class ScheduledTimers implements Timers {
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    ScheduledTimers(ScheduledExecutorService scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable action) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        ScheduledFuture<?> future = scheduler.schedule(action, delay, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }
}
