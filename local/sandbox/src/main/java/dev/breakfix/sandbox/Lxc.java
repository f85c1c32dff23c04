package dev.breakfix.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The LXC command-line tools, for system containers kept under one LXC path (one folder each). */
final class Lxc {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final String PATH_VALUE = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path lxcPath;

    Lxc(Path lxcPath) {
        this.lxcPath = lxcPath;
    }

    Path lxcPath() {
        return lxcPath;
    }

    /** Is LXC installed on this host? */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/lxc-start"))
                && Files.isRegularFile(Path.of("/usr/share/lxc/config/common.conf"));
    }

    /** Starts {@code name} from {@code lxcPath/name/config}, in the background. */
    void start(String name) {
        HostCommands.Result result = HostCommands.run(COMMAND_TIMEOUT, "lxc-start", "-P", lxcPath.toString(),
                "-n", name, "-d");
        if (!result.ok()) {
            throw new SandboxException("lxc-start " + name + " failed: " + result.tail(10) + logTail(name));
        }
    }

    boolean waitFor(String name, String state, Duration timeout) {
        return HostCommands.run(timeout.plusSeconds(5), "lxc-wait", "-P", lxcPath.toString(), "-n", name,
                "-s", state, "-t", Long.toString(Math.max(1, timeout.toSeconds()))).ok();
    }

    /** RUNNING, STOPPED, STARTING, STOPPING…; empty if LXC does not know the container. */
    Optional<String> state(String name) {
        HostCommands.Result result = HostCommands.run(COMMAND_TIMEOUT, "lxc-info", "-P", lxcPath.toString(),
                "-n", name, "-s", "-H");
        return result.ok() ? Optional.of(result.output().strip()) : Optional.empty();
    }

    /** Kills the container at once (SIGKILL to its init): right for throw-away servers. */
    void kill(String name) {
        HostCommands.run(COMMAND_TIMEOUT, "lxc-stop", "-P", lxcPath.toString(), "-n", name, "-k");
    }

    /** A clean shutdown (systemd stops its units), killed after {@code timeout}. */
    void shutdown(String name, Duration timeout) {
        HostCommands.run(timeout.plusSeconds(10), "lxc-stop", "-P", lxcPath.toString(), "-n", name,
                "-t", Long.toString(timeout.toSeconds()));
    }

    /** Runs a command inside as root with a clean environment; {@code stdin} may be null. */
    HostCommands.Result attach(String name, byte[] stdin, Duration timeout, String... command) {
        List<String> line = new ArrayList<>(List.of("lxc-attach", "-P", lxcPath.toString(), "-n", name,
                "--clear-env", "--set-var", "PATH=" + PATH_VALUE, "--set-var", "HOME=/root",
                "--set-var", "LANG=C.UTF-8", "--set-var", "TERM=dumb", "--"));
        line.addAll(List.of(command));
        return HostCommands.run(timeout, stdin, line);
    }

    private String logTail(String name) {
        Path log = lxcPath.resolve(name).resolve("lxc.log");
        try {
            if (Files.isRegularFile(log)) {
                List<String> lines = Files.readAllLines(log);
                return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
            }
        } catch (java.io.IOException e) {
            // no log to add
        }
        return "";
    }

    /** The config lines every breakfix container shares: systemd as PID 1, no console, LXC's defaults. */
    static List<String> commonConfig(String name, String hostname, Path rootfs, Path logFile) {
        return List.of(
                "# breakfix scenario server " + name,
                "lxc.uts.name = " + hostname,
                "lxc.rootfs.path = dir:" + rootfs,
                "lxc.include = /usr/share/lxc/config/common.conf",
                "lxc.apparmor.profile = unconfined",
                // The host's kernel log names every other server (cgroups, veths): not for a user's eyes.
                "lxc.cap.drop = syslog",
                "lxc.init.cmd = /lib/systemd/systemd",
                "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed",
                // SSH is the only terminal: no ttys, and never a host device node as the console.
                "lxc.tty.max = 0",
                "lxc.console.path = none",
                "lxc.log.file = " + logFile,
                "lxc.log.level = WARN");
    }
}
