package dev.breakfix.sandbox;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.CheckResult;
import dev.breakfix.ssh.CheckRunner;
import dev.breakfix.ssh.ExecResult;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Proves one scenario on real servers, as {@code ./breakfix scenario test} does: on a fresh server
 * the check must fail, after {@code solution.sh} it must pass; on another fresh server, after
 * {@code decoy.sh} (if there is one) it must fail again. Scripts run as root over SSH, like the check.
 */
public final class ScenarioProof {
    static final Duration SSH_READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final String EVAL_STDIN = "bash -c 's=$(cat); exec 0</dev/null; eval \"$s\"'";

    private final LxcServers servers;
    private final SshConnector connector;
    private final MasterSecret secret = MasterSecret.random();
    private final Consumer<String> progress;

    public ScenarioProof(LxcServers servers, SshConnector connector, Consumer<String> progress) {
        this.servers = servers;
        this.connector = connector;
        this.progress = progress;
    }

    /** One step of the proof and how it went. */
    public record Step(String name, boolean passed, String detail) {}

    public record Outcome(String scenario, List<Step> steps, Duration took) {
        public boolean passed() {
            return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
        }
    }

    public Outcome prove(Scenario scenario, Path folder) {
        long started = System.nanoTime();
        List<Step> steps = new ArrayList<>();
        try {
            progress.accept(scenario.id() + ": a fresh server, the check, then solution.sh");
            onFreshServer(scenario, root -> {
                CheckResult fresh = check(root, folder);
                steps.add(new Step("check fails on a fresh server", !fresh.solved(), quote(fresh)));
                ExecResult solution = runScript(root, folder.resolve("solution.sh"));
                steps.add(new Step("solution.sh runs", solution.succeeded(), describe(solution)));
                CheckResult solved = check(root, folder);
                steps.add(new Step("check passes after solution.sh", solved.solved(), quote(solved)));
            });
            Path decoy = folder.resolve("decoy.sh");
            if (Files.isRegularFile(decoy)) {
                progress.accept(scenario.id() + ": another fresh server, decoy.sh, then the check");
                onFreshServer(scenario, root -> {
                    ExecResult ran = runScript(root, decoy);
                    steps.add(new Step("decoy.sh runs", ran.succeeded(), describe(ran)));
                    CheckResult fooled = check(root, folder);
                    steps.add(new Step("check fails after decoy.sh", !fooled.solved(), quote(fooled)));
                });
            }
        } catch (RuntimeException | IOException e) {
            steps.add(new Step("servers and SSH", false, e.getMessage()));
        }
        return new Outcome(scenario.id(), steps, Duration.ofNanos(System.nanoTime() - started));
    }

    private interface OnServer {
        void run(SshConnection root) throws IOException;
    }

    private void onFreshServer(Scenario scenario, OnServer work) throws IOException {
        SessionId session = SessionId.random();
        SessionKeys keys = SessionKeys.derive(secret, session);
        ServerId server = servers.launch(session, scenario, keys.clientKey().openSshPublicKey(),
                keys.hostKey().openSshPrivateKey(), Instant.now().plus(Duration.ofMinutes(30)));
        try {
            String address = servers.describe(server).flatMap(s -> s.address()).orElseThrow();
            try (SshConnection root = connector.connectWhenReady(SshEndpoint.of(address, CheckRunner.CHECK_USER),
                    keys.clientKey(), keys.hostKey().publicKey(), SSH_READY_TIMEOUT, Duration.ofMillis(100))) {
                // the login user must get in too: that is the user's way in
                connector.connect(SshEndpoint.of(address, scenario.loginUser()), keys.clientKey(),
                        keys.hostKey().publicKey(), Duration.ofSeconds(10)).close();
                work.run(root);
            }
        } finally {
            servers.terminate(server);
        }
    }

    private CheckResult check(SshConnection root, Path folder) throws IOException {
        return new CheckRunner(connector, Duration.ofSeconds(10)).check(root, read(folder.resolve("check.sh")),
                CheckRunner.DEFAULT_TIMEOUT);
    }

    private static ExecResult runScript(SshConnection root, Path script) throws IOException {
        return root.exec(EVAL_STDIN, read(script).getBytes(StandardCharsets.UTF_8), SCRIPT_TIMEOUT);
    }

    private static String quote(CheckResult result) {
        return "exit " + result.exitCode() + ": \"" + result.message() + "\"";
    }

    private static String describe(ExecResult result) {
        if (result.timedOut()) {
            return "timed out after " + SCRIPT_TIMEOUT.toSeconds() + " s";
        }
        String output = (result.stdout() + result.stderr()).strip();
        String[] lines = output.split("\n");
        String tail = String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 15), lines.length));
        return "exit " + result.exitCode() + (result.exitCode() == 0 || tail.isBlank() ? "" : ", output:\n" + tail);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
