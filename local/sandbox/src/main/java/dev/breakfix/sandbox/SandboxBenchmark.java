package dev.breakfix.sandbox;

import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioFolders;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.SessionId;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmarks of the local scenario servers (figures, not assertions):
 *
 * <pre>
 *   launch  [N=20]   N launches one after another: launch → SSH login ready, and terminate, p50/p95
 *   density [N=50]   N idle servers at once: memory per server, every one answering SSH, terminate time
 * </pre>
 *
 * {@code --scenario ID} measures a real scenario; the default is the bare base image (a scenario whose
 * setup changes nothing), which is what every scenario costs at least.
 */
public final class SandboxBenchmark {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Path CGROUP_MEMORY = Path.of("/sys/fs/cgroup/memory");

    private final LxcServers servers;
    private final SshConnector connector;
    private final Scenario scenario;
    private final MasterSecret secret = MasterSecret.random();

    private SandboxBenchmark(LxcServers servers, SshConnector connector, Scenario scenario) {
        this.servers = servers;
        this.connector = connector;
        this.scenario = scenario;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path root = Path.of(System.getProperty("breakfix.root", ".")).toAbsolutePath().normalize();
        List<String> rest = new ArrayList<>(List.of(args));
        String scenarioId = null;
        int at = rest.indexOf("--scenario");
        if (at >= 0 && at + 1 < rest.size()) {
            scenarioId = rest.get(at + 1);
            rest.remove(at + 1);
            rest.remove(at);
        }
        if (rest.isEmpty() || !List.of("launch", "density").contains(rest.get(0))) {
            System.err.println("usage: SandboxBenchmark launch [N] | density [N]  [--scenario ID]");
            System.exit(2);
        }
        LxcServers.hostProblem().ifPresent(problem -> {
            System.err.println("breakfix: " + problem);
            System.exit(2);
        });
        SandboxSettings checkout = SandboxSettings.forRepository(root);
        SandboxSettings settings = checkout;
        Scenario scenario;
        if (scenarioId != null) {
            scenario = ScenarioFolders.load(checkout.scenarios()).find(scenarioId)
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario"));
        } else {
            Path benchScenarios = root.resolve("local/sandbox/target/bench-scenarios");
            Files.createDirectories(benchScenarios.resolve("base-only"));
            Files.writeString(benchScenarios.resolve("base-only/setup.sh"), "#!/bin/bash\ntrue\n");
            if (!Files.exists(benchScenarios.resolve("base"))) {
                Files.createSymbolicLink(benchScenarios.resolve("base"), checkout.baseDefinition());
            }
            settings = new SandboxSettings(benchScenarios, checkout.images(), checkout.servers(), checkout.leases(),
                    checkout.firstSubnet(), checkout.slots(), checkout.aptSources());
            scenario = new Scenario("base-only", "Base image only", "Benchmark", Difficulty.EASY, 15, 0, List.of("bench"),
                    "bench", "admin", true, List.of(), ServerLimits.DEFAULT, false, List.of(), "Benchmark server.");
        }
        ScenarioImages images = new ScenarioImages(settings, message -> System.err.println("▸ " + message));
        images.layers(scenario, settings.scenarios().resolve(scenario.id()));
        int n = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : (rest.get(0).equals("launch") ? 20 : 50);
        try (SshConnector connector = new SshConnector()) {
            SandboxBenchmark benchmark = new SandboxBenchmark(new LxcServers(settings, images), connector, scenario);
            if (rest.get(0).equals("launch")) {
                benchmark.launches(n);
            } else {
                benchmark.density(n);
            }
        }
    }

    private record Running(ServerId id, SessionKeys keys, String address) {}

    private Running launch() {
        SessionKeys keys = SessionKeys.derive(secret, SessionId.random());
        ServerId id = servers.launch(keys.session(), scenario, keys.clientKey().openSshPublicKey(),
                keys.hostKey().openSshPrivateKey(), Instant.now().plus(Duration.ofMinutes(30)));
        return new Running(id, keys, servers.record(id).orElseThrow().address());
    }

    private SshConnection login(Running server) throws IOException {
        return connector.connectWhenReady(SshEndpoint.of(server.address(), scenario.loginUser()),
                server.keys().clientKey(), server.keys().hostKey().publicKey(), READY_TIMEOUT, POLL);
    }

    private void launches(int n) throws IOException {
        List<Long> toSsh = new ArrayList<>();
        List<Long> toLaunch = new ArrayList<>();
        List<Long> toTerminate = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            Running server = launch();
            long launched = System.nanoTime();
            try (SshConnection ssh = login(server)) {
                long ready = System.nanoTime();
                if (!ssh.isOpen()) {
                    throw new IllegalStateException("the SSH connection closed at once");
                }
                toLaunch.add(millis(launched - started));
                toSsh.add(millis(ready - started));
            } finally {
                long stopping = System.nanoTime();
                servers.terminate(server.id());
                toTerminate.add(millis(System.nanoTime() - stopping));
            }
            System.err.printf(Locale.ROOT, "  launch %2d: %d ms to SSH%n", i + 1, toSsh.get(toSsh.size() - 1));
        }
        System.out.printf(Locale.ROOT, "scenario %s, %d sequential launches%n", scenario.id(), n);
        report("launch() returns", toLaunch);
        report("launch -> SSH login ready", toSsh);
        report("terminate", toTerminate);
    }

    private void density(int n) throws Exception {
        long availableBefore = memAvailable();
        List<Running> running = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                running.add(launch());
            }
            for (Running server : running) {
                login(server).close();
            }
            long allReady = System.nanoTime();
            System.err.println("  all " + n + " answer SSH; letting them settle for 30 s");
            Thread.sleep(30_000);
            long usage = 0;
            long rss = 0;
            for (Running server : running) {
                Path cgroup = CGROUP_MEMORY.resolve("lxc.payload." + server.id().value());
                usage += Long.parseLong(Files.readString(cgroup.resolve("memory.usage_in_bytes")).strip());
                rss += stat(cgroup, "total_rss");
            }
            long availableAfter = memAvailable();
            int answering = 0;
            for (Running server : running) {
                try (SshConnection ssh = connector.connect(SshEndpoint.of(server.address(), scenario.loginUser()),
                        server.keys().clientKey(), server.keys().hostKey().publicKey(), Duration.ofSeconds(20))) {
                    answering += ssh.exec("true", Duration.ofSeconds(20)).exitCode() == 0 ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "scenario %s, %d idle servers at once%n", scenario.id(), n);
            System.out.printf(Locale.ROOT, "  all launched and answering SSH after %.1f s%n", (allReady - started) / 1e9);
            System.out.printf(Locale.ROOT, "  answering an SSH exec after 30 s idle: %d of %d%n", answering, n);
            System.out.printf(Locale.ROOT, "  memory per server, cgroup usage (rss + page cache + kernel): %.1f MB%n", usage / 1e6 / n);
            System.out.printf(Locale.ROOT, "  memory per server, cgroup total_rss: %.1f MB%n", rss / 1e6 / n);
            System.out.printf(Locale.ROOT, "  memory per server, host MemAvailable drop: %.1f MB%n",
                    (availableBefore - availableAfter) / 1e6 / n);
        } finally {
            long stopping = System.nanoTime();
            List<Long> each = new ArrayList<>();
            for (Running server : running) {
                long one = System.nanoTime();
                servers.terminate(server.id());
                each.add(millis(System.nanoTime() - one));
            }
            System.out.printf(Locale.ROOT, "  terminated %d servers in %.1f s%n", running.size(), (System.nanoTime() - stopping) / 1e9);
            report("terminate (each)", each);
        }
    }

    private static long stat(Path cgroup, String key) throws IOException {
        return Files.readAllLines(cgroup.resolve("memory.stat")).stream()
                .filter(l -> l.startsWith(key + " ")).mapToLong(l -> Long.parseLong(l.split(" ")[1])).findFirst().orElse(0);
    }

    private static long memAvailable() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemAvailable:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static void report(String what, List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-28s p50 %5d ms   p95 %5d ms   min %5d ms   max %5d ms%n", what,
                percentile(sorted, 50), percentile(sorted, 95), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
