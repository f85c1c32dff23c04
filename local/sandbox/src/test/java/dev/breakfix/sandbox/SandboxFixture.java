package dev.breakfix.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.SessionId;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Real servers for the sandbox's tests: the checkout's cached images (built on first use) and a tiny
 * test scenario. Tests that need one are skipped on a host that cannot run scenario servers.
 */
final class SandboxFixture implements AutoCloseable {
    static final MasterSecret SECRET = MasterSecret.random();
    static final Duration SSH_READY = Duration.ofSeconds(60);

    final SandboxSettings settings;
    final ScenarioImages images;
    final LxcServers servers;
    final SshConnector connector = new SshConnector();
    private final Path scenarioFolder;

    SandboxFixture() {
        assumeTrue(LxcServers.hostProblem().isEmpty(), () -> "no scenario servers here: " + LxcServers.hostProblem().orElse(""));
        Path root = repositoryRoot();
        // The checkout's cache and state, and a folder of test scenarios next to its real base.
        SandboxSettings checkout = SandboxSettings.forRepository(root);
        Path testScenarios = root.resolve("local/sandbox/target/test-scenarios");
        settings = new SandboxSettings(testScenarios, checkout.images(), checkout.servers(), checkout.leases(),
                checkout.firstSubnet(), checkout.slots(), checkout.aptSources());
        images = new ScenarioImages(settings, message -> System.err.println("▸ " + message));
        servers = new LxcServers(settings, images);
        scenarioFolder = testScenarios.resolve("sandbox-test");
        try {
            Files.createDirectories(scenarioFolder);
            if (!Files.exists(testScenarios.resolve("base"))) {
                Files.createSymbolicLink(testScenarios.resolve("base"), checkout.baseDefinition());
            }
            Files.writeString(scenarioFolder.resolve("setup.sh"), "#!/bin/bash\n# the sandbox's own test scenario: nothing broken\ntrue\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scenario-amis/base"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the checkout (scenario-amis/base) above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    static Scenario scenario(ServerLimits limits) {
        return new Scenario("sandbox-test", "Sandbox test", "The sandbox's own tests.", Difficulty.EASY, 15, 0,
                List.of("test"), "sandbox-test", "admin", true, List.of(), limits, false, List.of(), "A test server.");
    }

    /** A running server with its keys. */
    record Launched(ServerId id, SessionKeys keys, String address, String hostAddress) {}

    Launched launch(ServerLimits limits) {
        return launch(limits, Instant.now().plus(Duration.ofMinutes(30)));
    }

    Launched launch(ServerLimits limits, Instant deadline) {
        SessionKeys keys = SessionKeys.derive(SECRET, SessionId.random());
        Scenario scenario = scenario(limits);
        images.layers(scenario, scenarioFolder);
        ServerId id = servers.launch(keys.session(), scenario, keys.clientKey().openSshPublicKey(),
                keys.hostKey().openSshPrivateKey(), deadline);
        ServerRecord record = servers.record(id).orElseThrow();
        return new Launched(id, keys, record.address(), record.hostAddress());
    }

    SshConnection ssh(Launched server, String user) throws IOException {
        return connector.connectWhenReady(SshEndpoint.of(server.address(), user), server.keys().clientKey(),
                server.keys().hostKey().publicKey(), SSH_READY, Duration.ofMillis(100));
    }

    @Override
    public void close() {
        connector.close();
    }
}
