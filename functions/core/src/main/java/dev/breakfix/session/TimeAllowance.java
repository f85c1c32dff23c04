package dev.breakfix.session;

import dev.breakfix.scenario.Scenario;
import java.time.Duration;

/**
 * How long a session may run: the scenario's time limit, and how much "extend" may add on top.
 * Signed-in users and partners get what the scenario says. An anonymous visitor gets at most
 * {@link #ANONYMOUS_TOTAL} in all, extensions included: enough to try a scenario, and a reason to
 * sign in for the long ones.
 *
 * @param timeLimit how long the server lives once ready
 * @param extension how much "extend" may add to it in all
 */
public record TimeAllowance(Duration timeLimit, Duration extension) {
    /** The most an anonymous session lasts, from ready to destroyed. */
    public static final Duration ANONYMOUS_TOTAL = Duration.ofMinutes(15);

    public TimeAllowance {
        if (timeLimit.isNegative() || timeLimit.isZero() || extension.isNegative()) {
            throw new IllegalArgumentException("a session needs a positive time limit and no negative extension");
        }
    }

    /** What {@code owner} gets for a session of {@code scenario}. */
    public static TimeAllowance of(Owner owner, Scenario scenario) {
        Duration limit = Duration.ofMinutes(scenario.timeLimitMinutes());
        Duration extension = Duration.ofMinutes(scenario.extensionMinutes());
        if (owner.kind() != Owner.Kind.ANONYMOUS) {
            return new TimeAllowance(limit, extension);
        }
        Duration cappedLimit = min(limit, ANONYMOUS_TOTAL);
        return new TimeAllowance(cappedLimit, min(extension, ANONYMOUS_TOTAL.minus(cappedLimit)));
    }

    /** The time limit and every extension: the longest the server can live once ready. */
    public Duration total() {
        return timeLimit.plus(extension);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
