package dev.breakfix.local.stepfunctions;

import java.time.Instant;

/** Runs actions at points in time without holding a thread while waiting. */
interface Timers {
    /** A scheduled action that can be called off. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Instant at, Runnable action);

    Instant now();
}
