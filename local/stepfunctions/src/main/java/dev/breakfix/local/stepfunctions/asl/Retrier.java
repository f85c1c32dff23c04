package dev.breakfix.local.stepfunctions.asl;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One entry of a Retry field. Defaults as the language sets them: one second, three attempts,
 * backoff rate 2.0, no cap, no jitter.
 */
public record Retrier(
        List<String> errorEquals,
        int intervalSeconds,
        int maxAttempts,
        double backoffRate,
        OptionalInt maxDelaySeconds,
        boolean fullJitter) {

    public boolean matches(String error) {
        return errorEquals.stream().anyMatch(name -> StatesErrors.matches(name, error));
    }

    /**
     * The pause before retry number {@code attempt} (1 for the first retry):
     * IntervalSeconds × BackoffRate^(attempt−1), capped by MaxDelaySeconds, and with full jitter a
     * random part of that.
     */
    public Duration delayBefore(int attempt) {
        double seconds = intervalSeconds * Math.pow(backoffRate, attempt - 1);
        if (maxDelaySeconds.isPresent()) {
            seconds = Math.min(seconds, maxDelaySeconds.getAsInt());
        }
        long millis = Math.round(seconds * 1000);
        if (fullJitter) {
            millis = ThreadLocalRandom.current().nextLong(millis + 1);
        }
        return Duration.ofMillis(millis);
    }
}
