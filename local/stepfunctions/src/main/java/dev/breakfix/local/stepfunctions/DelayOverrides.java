package dev.breakfix.local.stepfunctions;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Shorter pauses for chosen states, the way aws-local-stepfunctions offers them: a Wait state's
 * duration, or the interval of a Task state's retries, replaced by a fixed one. Empty by default;
 * for tests and demos, never for the platform's timing.
 */
public record DelayOverrides(Map<String, Duration> waits, Map<String, Duration> retryIntervals) {
    public static final DelayOverrides NONE = new DelayOverrides(Map.of(), Map.of());

    public DelayOverrides {
        waits = Map.copyOf(waits);
        retryIntervals = Map.copyOf(retryIntervals);
    }

    Optional<Duration> waitOf(String state) {
        return Optional.ofNullable(waits.get(state));
    }

    Optional<Duration> retryIntervalOf(String state) {
        return Optional.ofNullable(retryIntervals.get(state));
    }
}
