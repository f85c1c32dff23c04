package dev.breakfix.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.breakfix.sandbox.LxcServers;
import dev.breakfix.sandbox.SandboxSettings;
import dev.breakfix.sandbox.ScenarioImages;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.SessionKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Real scenario servers for the gateway's end-to-end tests: LXC system containers from the checkout's
 * cached images (built on first use), running {@link GatewayHarness#SCENARIO} (nothing broken). Tests
 * are skipped on a host that cannot run them. Every server launched is terminated by {@link #close}.
 */
final class ScenarioServers implements AutoCloseable {
    static final String TEST_SUBNET = "10.231.0.0";
    private final LxcServers servers;
    private final ScenarioImages images;
    private final Path scenarioFolder;
    private final List<ServerId> launched = new ArrayList<>();

    ScenarioServers() {
        assumeTrue(LxcServers.hostProblem().isEmpty(), () -> "no scenario servers here: " + LxcServers.hostProblem().orElse(""));
        Path root = checkout();
        SandboxSettings checkout = SandboxSettings.forRepository(root);
        Path testScenarios = root.resolve("functions/terminal/target/test-scenarios");
        // Addresses of their own (not the runtime's 10.200/16), so no other checkout's servers on this
        // host can collide with these, whatever lease folder they use.
        SandboxSettings settings = new SandboxSettings(testScenarios, checkout.images(),
                root.resolve("functions/terminal/target/test-servers").toAbsolutePath(),
                root.resolve("functions/terminal/target/test-leases").toAbsolutePath(),
                TEST_SUBNET, 64, checkout.aptSources());
        images = new ScenarioImages(settings, message -> System.err.println("▸ " + message));
        servers = new LxcServers(settings, images);
        scenarioFolder = testScenarios.resolve(GatewayHarness.SCENARIO.id());
        try {
            Files.createDirectories(scenarioFolder);
            if (!Files.exists(testScenarios.resolve("base"))) {
                Files.createSymbolicLink(testScenarios.resolve("base"), checkout.baseDefinition());
            }
            Files.writeString(scenarioFolder.resolve("setup.sh"), "#!/bin/bash\n# the gateway's test scenario: nothing broken\ntrue\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Launches a server for {@code session}, keyed by the harness's master secret; returns its address. */
    String launch(SessionId session, MasterSecret secret) {
        Scenario scenario = GatewayHarness.SCENARIO;
        SessionKeys keys = SessionKeys.derive(secret, session);
        images.layers(scenario, scenarioFolder);
        ServerId id = servers.launch(session, scenario, keys.clientKey().openSshPublicKey(),
                keys.hostKey().openSshPrivateKey(), Instant.now().plus(Duration.ofMinutes(30)));
        synchronized (launched) {
            launched.add(id);
        }
        return servers.record(id).orElseThrow().address();
    }

    @Override
    public void close() {
        synchronized (launched) {
            launched.forEach(servers::terminate);
            launched.clear();
        }
    }

    static Path checkout() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scenario-amis/base"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the checkout (scenario-amis/base) above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}
