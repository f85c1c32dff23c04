package dev.breakfix.local;

import dev.breakfix.scenario.InvalidScenarioException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local platform until it is told to stop (SIGTERM or Ctrl-C). Started by
 * {@code ./breakfix up}; prints one line when it is ready and explains, without a stack trace, why
 * it cannot start.
 *
 * <p>Usage: {@code BreakfixLocal [--root DIR] [--port N] [--state DIR]}
 */
public final class BreakfixLocal {
    private BreakfixLocal() {}

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(".").toAbsolutePath().normalize();
        int port = 8080;
        Path state = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--root" -> root = Path.of(require(args[i], value)).toAbsolutePath().normalize();
                case "--port" -> port = parsePort(require(args[i], value));
                case "--state" -> state = Path.of(require(args[i], value)).toAbsolutePath();
                default -> fail("unknown option " + args[i] + "; usage: BreakfixLocal [--root DIR] [--port N] [--state DIR]");
            }
            i++;
        }
        LocalConfig config = LocalConfig.forCheckout(root, port);
        if (state != null) {
            config = config.withStateDir(state);
        }
        long started = System.nanoTime();
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(config, Clock.systemUTC());
        } catch (LocalStartException | InvalidScenarioException e) {
            fail(e.getMessage());
            return;
        } catch (Exception e) {
            fail("the platform could not start: " + e + " (see the log for details)");
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "shutdown"));
        System.err.printf("breakfix is up on http://localhost:%d/ (started in %d ms)%n",
                runtime.port(), (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }

    private static String require(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail("--port must be a number from 0 to 65535, not " + value);
        return -1;
    }

    private static void fail(String message) {
        System.err.println("breakfix: " + message);
        System.exit(2);
    }
}
