package dev.breakfix.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.ssh.ExecResult;
import dev.breakfix.ssh.SshConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** cgroup v1 limits from the scenario hold for everything inside: fork bombs and memory hogs stay in. */
class LxcServersLimitsTest {
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

    /** OOM kills counted in a cgroup and all below it (systemd inside makes sub-cgroups per unit). */
    private static long oomKillsBelow(Path cgroup) throws java.io.IOException {
        try (var files = Files.walk(cgroup)) {
            return files.filter(f -> f.getFileName().toString().equals("memory.oom_control")).mapToLong(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("oom_kill "))
                            .mapToLong(l -> Long.parseLong(l.substring(9).strip())).sum();
                } catch (java.io.IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    @Test
    void launch_shouldApplyTheScenarioLimits_whenItStartsTheServer() throws Exception {
        // given
        SandboxFixture.Launched server = fixture.launch(new ServerLimits(256, 200, 0.5));
        try {
            // when
            Path memory = Path.of("/sys/fs/cgroup/memory/lxc.payload." + server.id().value());
            Path pids = Path.of("/sys/fs/cgroup/pids/lxc.payload." + server.id().value());
            Path cpu = Path.of("/sys/fs/cgroup/cpu/lxc.payload." + server.id().value());

            // then
            assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).strip()).isEqualTo(Long.toString(256L << 20));
            assertThat(Files.readString(pids.resolve("pids.max")).strip()).isEqualTo("200");
            assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
        } finally {
            fixture.servers.terminate(server.id());
        }
    }

    @Test
    void limits_shouldContainAForkBomb_whenRootStartsOneInside() throws Exception {
        // given
        SandboxFixture.Launched server = fixture.launch(new ServerLimits(256, 128, 0.5));
        Path pids = Path.of("/sys/fs/cgroup/pids/lxc.payload." + server.id().value());
        try {
            fixture.ssh(server, "root").close();
            // when: the classic bomb, as root in the server's own cgroup (an SSH session would add systemd's
            // TasksMax for user slices on top, which contains it even sooner)
            fixture.servers.runAsRoot(server.id(),
                    "setsid bash -c 'bomb() { bomb | bomb & }; bomb' >/dev/null 2>&1 </dev/null &", TIMEOUT);
            long peak = 0;
            for (int i = 0; i < 60; i++) {
                peak = Math.max(peak, Long.parseLong(Files.readString(pids.resolve("pids.current")).strip()));
                Thread.sleep(50);
            }

            // then: the server is held at its pids limit, and the host still answers promptly
            long current = Long.parseLong(Files.readString(pids.resolve("pids.current")).strip());
            long started = System.nanoTime();
            HostCommands.Result host = HostCommands.run(Duration.ofSeconds(10), "sh", "-c", "echo host answers");
            long hostMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(peak).as("the bomb fills the server up to its limit").isEqualTo(128);
            assertThat(current).as("and no further").isLessThanOrEqualTo(128);
            assertThat(Files.readString(pids.resolve("pids.events"))).doesNotContain("max 0");
            assertThat(host.output()).contains("host answers");
            assertThat(hostMillis).isLessThan(2_000);
        } finally {
            long started = System.nanoTime();
            fixture.servers.terminate(server.id());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("terminate ends a bombed server").isLessThan(Duration.ofSeconds(30));
        }
        assertThat(pids).doesNotExist();
    }

    @Test
    void limits_shouldOomKillAMemoryHogInsideOnly_whenItOutgrowsTheMemoryLimit() throws Exception {
        // given: 256 MiB for the whole server
        SandboxFixture.Launched server = fixture.launch(new ServerLimits(256, 512, 1.0));
        Path memory = Path.of("/sys/fs/cgroup/memory/lxc.payload." + server.id().value());
        try (SshConnection root = fixture.ssh(server, "root")) {
            // when: tail keeps one 600 MB "line" in memory
            ExecResult hog = root.exec("head -c 600M /dev/zero | tail >/dev/null; echo \"exit=${PIPESTATUS[1]}\"", TIMEOUT);

            // then: the hog was killed inside, and the server (its sshd) lives on
            assertThat(hog.stdout()).contains("exit=137");
            assertThat(oomKillsBelow(memory)).isPositive();
            assertThat(root.exec("echo still here", TIMEOUT).stdout()).isEqualTo("still here\n");
        } finally {
            fixture.servers.terminate(server.id());
        }
    }
}
