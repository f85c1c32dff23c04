package dev.breakfix.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers.ServerStatus;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.CheckResult;
import dev.breakfix.ssh.CheckRunner;
import dev.breakfix.ssh.HostKeyRejectedException;
import dev.breakfix.ssh.SshScenarioChecks;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LxcServersLifecycleTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static SandboxFixture fixture;

    @BeforeAll
    static void setUp() {
        fixture = new SandboxFixture();
    }

    @AfterAll
    static void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void launch_shouldRecordTheSessionAndDeadlineAndDescribeTheServer_whenStarted() {
        // given
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20));

        // when
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT, deadline);
        try {
            // then
            ServerRecord record = fixture.servers.record(server.id()).orElseThrow();
            assertThat(record.session()).isEqualTo(server.keys().session().value());
            assertThat(record.deadline()).isEqualTo(deadline);
            assertThat(fixture.servers.servers()).extracting(ServerRecord::server).contains(server.id().value());
            assertThat(fixture.servers.describe(server.id())).hasValueSatisfying(status -> {
                assertThat(status.state()).isEqualTo(ServerStatus.State.RUNNING);
                assertThat(status.address()).hasValue(server.address());
            });
        } finally {
            fixture.servers.terminate(server.id());
        }
        assertThat(fixture.servers.describe(server.id())).isEmpty();
    }

    @Test
    void ssh_shouldLetTheSessionKeyInAsTheLoginUser_whenTheHostKeyIsTheDerivedOne() throws Exception {
        // given
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT);
        try (SshConnection admin = fixture.ssh(server, "admin")) {
            // when
            String identity = admin.exec("id -un; sudo -n id -u; ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | awk '{print $2}'",
                    TIMEOUT).stdout();

            // then
            assertThat(identity).isEqualTo("admin\n0\n" + server.keys().hostKey().fingerprint() + "\n");
        } finally {
            fixture.servers.terminate(server.id());
        }
    }

    @Test
    void ssh_shouldRefuseTheServer_whenItShowsAnotherSessionsHostKey() throws Exception {
        // given: a server up for one session, and the keys of another
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT);
        SessionKeys other = SessionKeys.derive(SandboxFixture.SECRET, SessionId.random());
        try {
            fixture.ssh(server, "admin").close();

            // when / then
            assertThatThrownBy(() -> fixture.connector.connect(SshEndpoint.of(server.address(), "admin"),
                    server.keys().clientKey(), other.hostKey().publicKey(), TIMEOUT))
                    .isInstanceOf(HostKeyRejectedException.class);
        } finally {
            fixture.servers.terminate(server.id());
        }
    }

    @Test
    void check_shouldRunTheScriptAsRootAndKeepNothing_whenSentOverSsh() throws Exception {
        // given
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT);
        fixture.ssh(server, "admin").close();
        CheckRunner checks = new CheckRunner(fixture.connector, TIMEOUT);
        String script = "#!/bin/bash\nread -t 1 line && echo \"stdin was open\" && exit 3\n"
                + "printf '\\n  \\033[32mrunning as %s\\033[0m  \\n' \"$(id -un)\"\necho second line\nexit 0\n";
        try {
            // when
            CheckResult result = checks.check(server.address(), server.keys(), script, CheckRunner.DEFAULT_TIMEOUT);
            CheckResult failing = checks.check(server.address(), server.keys(), "echo nope; exit 1", CheckRunner.DEFAULT_TIMEOUT);

            // then
            assertThat(result.solved()).as(result.output()).isTrue();
            assertThat(result.message()).isEqualTo("running as root");
            assertThat(failing.solved()).isFalse();
            assertThat(failing.message()).isEqualTo("nope");
            try (SshConnection root = fixture.ssh(server, "root")) {
                assertThat(root.exec("grep -rl 'running as' /tmp /root /var/tmp 2>/dev/null | wc -l", TIMEOUT).stdout().strip())
                        .as("the script is not left on the server").isEqualTo("0");
            }
        } finally {
            fixture.servers.terminate(server.id());
        }
    }

    @Test
    void scenarioChecks_shouldJudgeTheServerWithTheScenariosCheckScript_whenAskedForASession() throws Exception {
        // given: the scenario's check.sh in its folder, and a server for one session
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT);
        Files.writeString(fixture.settings.scenarios().resolve("sandbox-test/check.sh"),
                "#!/bin/bash\nif [ -e /etc/fixed ]; then echo 'fixed'; exit 0; fi\necho 'not fixed: /etc/fixed is missing'; exit 1\n");
        SshScenarioChecks checks = new SshScenarioChecks(fixture.settings.scenarios(), SandboxFixture.SECRET,
                new CheckRunner(fixture.connector, TIMEOUT), CheckRunner.DEFAULT_TIMEOUT);
        try (SshConnection root = fixture.ssh(server, "root")) {
            // when
            ScenarioChecks.CheckOutcome before = checks.run(server.keys().session(), SandboxFixture.scenario(ServerLimits.DEFAULT), server.address());
            root.exec("touch /etc/fixed", TIMEOUT);
            ScenarioChecks.CheckOutcome after = checks.run(server.keys().session(), SandboxFixture.scenario(ServerLimits.DEFAULT), server.address());

            // then
            assertThat(before).isEqualTo(new ScenarioChecks.CheckOutcome(false, "not fixed: /etc/fixed is missing"));
            assertThat(after).isEqualTo(new ScenarioChecks.CheckOutcome(true, "fixed"));
        } finally {
            fixture.servers.terminate(server.id());
        }
    }

    @Test
    void check_shouldStopTheScriptAndSaySo_whenItOutlivesTheTimeout() throws Exception {
        // given
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT);
        fixture.ssh(server, "admin").close();
        long started = System.nanoTime();

        // when
        CheckResult result = new CheckRunner(fixture.connector, TIMEOUT)
                .check(server.address(), server.keys(), "echo starting; sleep 60; echo done", Duration.ofSeconds(2));

        // then
        try (SshConnection root = fixture.ssh(server, "root")) {
            assertThat(result.solved()).isFalse();
            assertThat(result.exitCode()).isEqualTo(-1);
            assertThat(result.message()).contains("did not finish in time");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(root.exec("pgrep -x sleep | wc -l", TIMEOUT).stdout().strip()).as("the script was stopped").isEqualTo("0");
        } finally {
            fixture.servers.terminate(server.id());
        }
    }

    @Test
    void terminate_shouldLeaveNothingBehind_whenTheServerRan() throws Exception {
        // given
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT);
        fixture.ssh(server, "root").close();
        String name = server.id().value();
        Path dir = fixture.settings.servers().resolve(name);
        assertThat(Overlay.mountedUnder(dir)).isNotEmpty();

        // when
        fixture.servers.terminate(server.id());

        // then
        assertNothingLeft(server);
    }

    @Test
    void terminate_shouldBeIdempotent_whenCalledTwiceOrForAnUnknownServer() {
        // given
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT);

        // when
        fixture.servers.terminate(server.id());
        fixture.servers.terminate(server.id());
        fixture.servers.terminate(new ServerId("bfx-zzzzzzzz"));

        // then
        assertNothingLeft(server);
    }

    @Test
    void terminateExpired_shouldFindAndEndServers_whenTheSandboxThatStartedThemIsGone() throws Exception {
        // given: a server past its deadline whose LXC monitor was killed, as in a crash of the host process
        SandboxFixture.Launched server = fixture.launch(ServerLimits.DEFAULT, Instant.now().minusSeconds(5));
        String name = server.id().value();
        List<Long> monitors = processesMentioning(name).stream()
                .filter(pid -> commandLine(pid).startsWith("[lxc monitor]")).toList();
        assertThat(monitors).hasSize(1);
        ProcessHandle.of(monitors.get(0)).ifPresent(ProcessHandle::destroyForcibly);
        LxcServers afterRestart = new LxcServers(fixture.settings, fixture.images);

        // when
        List<ServerId> ended = afterRestart.terminateExpired(Instant.now(), Duration.ZERO);

        // then
        assertThat(ended).contains(server.id());
        assertNothingLeft(server);
    }

    @Test
    void terminateExpired_shouldCleanUpWhatALaunchLeftHalfMade_whenItCrashedBeforeTheRecord() throws Exception {
        // given: a server folder without a record, and a lease of a server without a folder, both old
        Path folder = Files.createDirectories(fixture.settings.servers().resolve("bfx-halfmade"));
        Files.writeString(folder.resolve("config"), "# crashed during launch\n");
        Path lease = fixture.settings.leases().resolve("4000");
        Files.createDirectories(lease.getParent());
        Files.writeString(lease, "bfx-noserver\n" + fixture.settings.servers().toAbsolutePath() + "\n");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(folder, old);
        Files.setLastModifiedTime(lease, old);

        // when
        List<ServerId> ended = fixture.servers.terminateExpired(Instant.now(), Duration.ZERO);

        // then
        assertThat(ended).contains(new ServerId("bfx-halfmade"));
        assertThat(folder).doesNotExist();
        assertThat(lease).doesNotExist();
    }

    @Test
    void terminateExpired_shouldLeaveAnotherRuntimesLease_whenItsServerIsNotOneOfOurs() throws Exception {
        // given: an old lease taken by another runtime (another servers directory that still exists)
        Path otherServers = Files.createTempDirectory("other-runtime-servers");
        Path lease = fixture.settings.leases().resolve("4001");
        Files.createDirectories(lease.getParent());
        Files.writeString(lease, "bfx-theirs01\n" + otherServers.toAbsolutePath() + "\n");
        Files.setLastModifiedTime(lease, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        try {
            // when
            fixture.servers.terminateExpired(Instant.now(), Duration.ZERO);

            // then
            assertThat(lease).exists();
        } finally {
            Files.deleteIfExists(lease);
            Files.deleteIfExists(otherServers);
        }
    }

    /** Processes whose command line names the server: its LXC monitor and anything it left. */
    private static List<Long> processesMentioning(String name) {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(pid -> commandLine(pid).contains(name))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ').strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void assertNothingLeft(SandboxFixture.Launched server) {
        String name = server.id().value();
        String address = server.address();
        Path dir = fixture.settings.servers().resolve(name);
        assertThat(dir).doesNotExist();
        assertThat(Overlay.mountedUnder(dir)).isEmpty();
        assertThat(Path.of("/sys/class/net", LxcServers.hostInterface(name))).doesNotExist();
        for (String controller : List.of("memory", "pids", "cpu", "cpuacct", "freezer", "devices", "blkio", "cpuset", "systemd")) {
            assertThat(Path.of("/sys/fs/cgroup", controller, "lxc.payload." + name)).doesNotExist();
            assertThat(Path.of("/sys/fs/cgroup", controller, "lxc.monitor." + name)).doesNotExist();
        }
        assertThat(new NftGuard().listing()).doesNotContain(name.substring(4)).doesNotContain(address);
        assertThat(HostCommands.run(TIMEOUT, "sh", "-c", "grep -l '" + name + "' " + fixture.settings.leases() + "/* 2>/dev/null").output()).isEmpty();
        assertThat(HostCommands.run(TIMEOUT, "ip", "-4", "-o", "address").output()).doesNotContain(" " + server.hostAddress() + "/");
        assertThat(processesMentioning(name)).isEmpty();
    }
}
