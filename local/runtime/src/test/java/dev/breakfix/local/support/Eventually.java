package dev.breakfix.local.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until something holds, for tests of things that happen a moment later. */
public final class Eventually {
    private Eventually() {}

    /** The first non-empty value {@code probe} gives within {@code timeout}; fails the test otherwise. */
    public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    public static void awaitTrue(String what, Duration timeout, Supplier<Boolean> condition) {
        await(what, timeout, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
