package dev.breakfix.local;

import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.session.SessionId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The runtime in a JVM of its own, for tests that kill it with SIGKILL. Prints {@code PORT <n>} once it
 * listens. Usage: {@code RuntimeProcess CHECKOUT STATE [LAUNCH_DELAY_MILLIS]}; a launch delay keeps each
 * server launch in flight for that long, so a test can kill the runtime in the middle of one.
 */
public final class RuntimeProcess {
    private RuntimeProcess() {}

    public static void main(String[] args) throws Exception {
        Path checkout = Path.of(args[0]);
        Path state = Path.of(args[1]);
        Duration launchDelay = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 0);
        LocalWiring wiring = launchDelay.isZero() ? LocalWiring.STANDARD
                : LocalWiring.STANDARD.withServers(real -> slowLaunches(real, launchDelay));
        LocalRuntime runtime = LocalRuntime.start(LocalConfig.forCheckout(checkout, 0).withStateDir(state),
                Clock.systemUTC(), wiring);
        System.out.println("PORT " + runtime.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static Servers slowLaunches(Servers real, Duration delay) {
        return new Servers() {
            @Override
            public ServerId launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
                    Instant deadline) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                return real.launch(session, scenario, sshPublicKey, hostPrivateKey, deadline);
            }

            @Override
            public Optional<ServerStatus> describe(ServerId server) {
                return real.describe(server);
            }

            @Override
            public void terminate(ServerId server) {
                real.terminate(server);
            }
        };
    }
}
