package dev.breakfix.sandbox;

import dev.breakfix.scenario.ImageScripts;
import dev.breakfix.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only layers a scenario server's root file system is stacked from, built on first use and
 * cached under {@code images/} by a hash of their inputs (rebuilt only when an input changes):
 *
 * <ol>
 *   <li>{@code base-<hash>/rootfs} — {@code mmdebstrap --variant=minbase} bookworm with
 *       {@code base/packages.txt}, then {@code base/provision.sh} in a chroot;
 *   <li>{@code packages-<hash>/layer} — the scenario's {@code packages}, installed by apt in a chroot
 *       over the base, with the host's network (the only build step that has one);
 *   <li>{@code scenario-<id>-<hash>/layer} — the login user, then {@code setup.sh}, run as root inside
 *       a booted container (systemd running) that has <em>no network</em>.
 * </ol>
 *
 * Layers 2 and 3 are overlayfs upper dirs, stacked as lower dirs at launch.
 */
public final class ScenarioImages {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioImages.class);

    /** Bump to rebuild the base (a change to how it is built, not to its inputs). */
    static final String BASE_RECIPE = "breakfix-images-v1";
    /** Bump to rebuild every scenario layer. */
    static final String RECIPE = "breakfix-layers-v2";
    static final String PACKAGES_FILE = "packages.txt";
    static final String PROVISION_FILE = "provision.sh";
    static final String SETUP_FILE = "setup.sh";
    private static final String COMPLETE = ".complete";
    private static final Duration BASE_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);
    private static final String CHROOT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** dpkg leaves out documentation: smaller layers, quicker builds; the copyright files stay. */
    private static final List<String> DPKG_OPTIONS = List.of(
            "path-exclude=/usr/share/man/*", "path-exclude=/usr/share/info/*",
            "path-exclude=/usr/share/doc/*", "path-include=/usr/share/doc/*/copyright",
            "path-exclude=/usr/share/locale/*");

    private final SandboxSettings settings;
    private final Consumer<String> progress;

    public ScenarioImages(SandboxSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** The base root file system, built if missing. */
    public Path base() {
        return withLock(() -> buildBase().resolve("rootfs"));
    }

    /** The lower dirs for a server of {@code scenario}, top first, each built if missing. */
    public List<Path> layers(Scenario scenario, Path scenarioFolder) {
        return withLock(() -> {
            Path baseDir = buildBase();
            String baseHash = hashOf(baseDir);
            List<Path> lowers = new ArrayList<>();
            lowers.add(baseDir.resolve("rootfs"));
            String belowHash = baseHash;
            if (!scenario.packages().isEmpty()) {
                Path packagesDir = buildPackages(scenario, lowers, baseHash);
                lowers.add(0, packagesDir.resolve("layer"));
                belowHash = hashOf(packagesDir);
            }
            Path setupDir = buildSetup(scenario, scenarioFolder, lowers, belowHash);
            lowers.add(0, setupDir.resolve("layer"));
            return List.copyOf(lowers);
        });
    }

    /** The hash that names the base image for the current definition: what a rebuild depends on. */
    public String baseHash() {
        Path definition = settings.baseDefinition();
        return hash("base", BASE_RECIPE, read(definition.resolve(PACKAGES_FILE)), read(definition.resolve(PROVISION_FILE)),
                String.join(" ", DPKG_OPTIONS));
    }

    // --- the base -------------------------------------------------------------------------------

    private Path buildBase() {
        String hash = baseHash();
        Path dir = settings.images().resolve("base-" + hash);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        progress.accept("Building the base image (Debian 12 with systemd and SSH; about a minute, once)");
        long started = System.nanoTime();
        Path tmp = temporary("base-" + hash);
        List<String> packages = packageList(settings.baseDefinition().resolve(PACKAGES_FILE));
        List<String> command = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase",
                "--include=" + String.join(",", packages),
                "--aptopt=APT::Install-Recommends \"false\""));
        DPKG_OPTIONS.forEach(option -> command.add("--dpkgopt=" + option));
        Path provision = settings.baseDefinition().resolve(PROVISION_FILE).toAbsolutePath();
        command.add("--customize-hook=copy-in " + provision + " /tmp");
        command.add("--customize-hook=chroot \"$1\" /bin/bash /tmp/" + PROVISION_FILE);
        command.add("--customize-hook=rm -f \"$1\"/tmp/" + PROVISION_FILE);
        command.add("bookworm");
        command.add(tmp.resolve("rootfs").toString());
        settings.aptSources().ifPresent(sources -> command.add(sources.toString()));
        HostCommands.Result result = HostCommands.run(BASE_TIMEOUT, command);
        writeLog("base-" + hash, result);
        if (!result.ok()) {
            deleteTree(tmp);
            throw new ImageBuildException("building the base image failed (mmdebstrap exit " + result.exitCode()
                    + "):\n" + result.tail(30));
        }
        localFinish(tmp.resolve("rootfs"));
        return complete(tmp, dir, hash, started, "base image");
    }

    /**
     * What only the local image needs: mmdebstrap leaves the build host's name and resolver in the
     * image; a local server gets its own name at launch and has no resolver to reach.
     */
    private static void localFinish(Path rootfs) {
        write(rootfs.resolve("etc/hostname"), "localhost\n");
        write(rootfs.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n"
                + "ff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n");
        write(rootfs.resolve("etc/resolv.conf"), "# This server has no network access.\nnameserver 127.0.0.1\n");
    }

    // --- scenario packages ---------------------------------------------------------------------------

    private Path buildPackages(Scenario scenario, List<Path> lowers, String baseHash) {
        List<String> packages = scenario.packages().stream().sorted().distinct().toList();
        String hash = hash("packages", RECIPE, baseHash, String.join(" ", packages));
        Path dir = settings.images().resolve("packages-" + hash);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        progress.accept("Installing packages for " + scenario.id() + ": " + String.join(" ", packages));
        long started = System.nanoTime();
        Path tmp = temporary("packages-" + hash);
        Path merged = tmp.resolve("merged");
        StringBuilder log = new StringBuilder();
        boolean ok = false;
        try {
            Overlay.mount(lowers, tmp.resolve("layer"), tmp.resolve("work"), merged);
            prepareChroot(merged);
            Path resolv = merged.resolve("etc/resolv.conf");
            byte[] resolvBefore = Files.exists(resolv) ? Files.readAllBytes(resolv) : null;
            Files.deleteIfExists(resolv);
            Files.copy(Path.of("/etc/resolv.conf"), resolv);
            Path policy = merged.resolve("usr/sbin/policy-rc.d");
            write(policy, "#!/bin/sh\n# no service starts while an image is built\nexit 101\n");
            policy.toFile().setExecutable(true);
            ok = chroot(merged, log, APT_TIMEOUT, "apt-get", "update", "-q")
                    && chroot(merged, log, APT_TIMEOUT, concat(List.of("apt-get", "install", "-y", "-q",
                            "--no-install-recommends"), packages))
                    && chroot(merged, log, APT_TIMEOUT, "apt-get", "clean")
                    && chroot(merged, log, APT_TIMEOUT, "find", "/var/lib/apt/lists", "-type", "f",
                            "!", "-name", "lock", "-delete");
            Files.deleteIfExists(policy);
            Files.deleteIfExists(resolv);
            if (resolvBefore != null) {
                Files.write(resolv, resolvBefore);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the packages layer in " + tmp, e);
        } finally {
            Overlay.unmountAll(tmp);
            writeLog("packages-" + hash, new HostCommands.Result(List.of("apt-get"), ok ? 0 : 1, log.toString()));
        }
        if (!ok) {
            deleteTree(tmp);
            throw new ImageBuildException("installing " + String.join(" ", packages) + " for scenario "
                    + scenario.id() + " failed:\n" + tail(log.toString(), 30));
        }
        deleteTree(tmp.resolve("work"));
        deleteTree(tmp.resolve("merged"));
        return complete(tmp, dir, hash, started, "packages layer for " + scenario.id());
    }

    /** /proc and a minimal /dev for package scripts (never the host's /dev). */
    private static void prepareChroot(Path merged) {
        HostCommands.require(Lxc.COMMAND_TIMEOUT, "mount", "-t", "proc", "proc", merged.resolve("proc").toString());
        Path dev = merged.resolve("dev");
        HostCommands.require(Lxc.COMMAND_TIMEOUT, "mount", "-t", "tmpfs", "-o", "mode=0755,size=1m", "devtmp", dev.toString());
        String[][] nodes = {{"null", "1", "3"}, {"zero", "1", "5"}, {"full", "1", "7"}, {"random", "1", "8"},
                {"urandom", "1", "9"}, {"tty", "5", "0"}};
        for (String[] node : nodes) {
            HostCommands.require(Lxc.COMMAND_TIMEOUT, "mknod", "-m", "666", dev.resolve(node[0]).toString(), "c", node[1], node[2]);
        }
        HostCommands.require(Lxc.COMMAND_TIMEOUT, "ln", "-s", "/proc/self/fd", dev.resolve("fd").toString());
    }

    private static boolean chroot(Path root, StringBuilder log, Duration timeout, String... command) {
        return chroot(root, log, timeout, List.of(command));
    }

    private static boolean chroot(Path root, StringBuilder log, Duration timeout, List<String> command) {
        List<String> line = new ArrayList<>(List.of("env", "-i", CHROOT_PATH, "DEBIAN_FRONTEND=noninteractive",
                "LANG=C.UTF-8", "chroot", root.toString()));
        line.addAll(command);
        HostCommands.Result result = HostCommands.run(timeout, line);
        log.append("$ ").append(String.join(" ", command)).append('\n').append(result.output());
        return result.ok();
    }

    // --- the scenario's setup ------------------------------------------------------------------------

    private Path buildSetup(Scenario scenario, Path folder, List<Path> lowers, String belowHash) {
        String setup = read(folder.resolve(SETUP_FILE));
        String prepare = ImageScripts.loginUser(scenario, settings.scenarios());
        String hash = hash("setup", RECIPE, belowHash, scenario.id(), scenario.hostname(), prepare, setup);
        Path dir = settings.images().resolve("scenario-" + scenario.id() + "-" + hash);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        progress.accept("Running setup.sh of " + scenario.id() + " in a container without network");
        long started = System.nanoTime();
        Path tmp = temporary("scenario-" + scenario.id() + "-" + hash);
        String name = "bfxb-" + hash.substring(0, 10);
        Lxc lxc = new Lxc(tmp);
        Path rootfs = tmp.resolve("rootfs");
        StringBuilder log = new StringBuilder();
        HostCommands.Result setupResult = null;
        try {
            Overlay.mount(lowers, tmp.resolve("layer"), tmp.resolve("work"), rootfs);
            List<String> config = new ArrayList<>(Lxc.commonConfig(name, scenario.hostname(), rootfs,
                    tmp.resolve(name).resolve("lxc.log")));
            config.addAll(List.of("lxc.net.0.type = empty",
                    "lxc.cgroup.memory.limit_in_bytes = 1024M", "lxc.cgroup.pids.max = 2048"));
            write(tmp.resolve(name).resolve("config"), String.join("\n", config) + "\n");
            write(rootfs.resolve("etc/hostname"), scenario.hostname() + "\n");
            lxc.start(name);
            if (!lxc.waitFor(name, "RUNNING", Duration.ofSeconds(20))) {
                throw new ImageBuildException("the build container for " + scenario.id() + " did not start");
            }
            log.append("boot: ").append(awaitSystemd(lxc, name)).append('\n');
            HostCommands.Result prepared = lxc.attach(name, prepare.getBytes(StandardCharsets.UTF_8),
                    Lxc.COMMAND_TIMEOUT, "bash", "-s");
            log.append(prepared.output());
            if (!prepared.ok()) {
                throw new ImageBuildException("preparing the login user " + scenario.loginUser() + " failed:\n"
                        + prepared.tail(20));
            }
            setupResult = lxc.attach(name, setup.getBytes(StandardCharsets.UTF_8), SETUP_TIMEOUT,
                    "bash", "-c", "s=$(cat); exec 0</dev/null; eval \"$s\"");
            log.append("$ setup.sh\n").append(setupResult.output());
            lxc.shutdown(name, Duration.ofSeconds(30));
            lxc.kill(name);
            // Each server makes its own machine id at boot; the build container's must not stay, nor its
            // journal (the build's boot is not the server's history).
            write(rootfs.resolve("etc/machine-id"), "");
            try (Stream<Path> journals = Files.list(rootfs.resolve("var/log/journal"))) {
                journals.filter(Files::isDirectory).forEach(ScenarioImages::deleteTree);
            } catch (IOException e) {
                // no journal directory: nothing to remove
            }
        } finally {
            lxc.kill(name);
            Overlay.unmountAll(tmp);
            writeLog("scenario-" + scenario.id() + "-" + hash,
                    new HostCommands.Result(List.of("setup.sh"), setupResult == null ? 1 : setupResult.exitCode(),
                            log.toString()));
        }
        if (setupResult == null || !setupResult.ok()) {
            deleteTree(tmp);
            throw new ImageBuildException("setup.sh of scenario " + scenario.id() + " failed (exit "
                    + (setupResult == null ? "?" : setupResult.exitCode()) + "):\n"
                    + (setupResult == null ? tail(log.toString(), 30) : setupResult.tail(40)));
        }
        deleteTree(tmp.resolve("work"));
        deleteTree(tmp.resolve("rootfs"));
        deleteTree(tmp.resolve(name));
        return complete(tmp, dir, hash, started, "scenario layer " + scenario.id());
    }

    /** Waits until systemd inside has finished booting (running, or degraded: a unit failed). */
    private static String awaitSystemd(Lxc lxc, String name) {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            HostCommands.Result result = lxc.attach(name, null, BOOT_TIMEOUT, "systemctl", "is-system-running", "--wait");
            state = result.output().strip();
            if (state.endsWith("running") || state.endsWith("degraded")) {
                return state;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new ImageBuildException("systemd in the build container did not finish booting: " + state);
    }

    // --- cache bookkeeping ---------------------------------------------------------------------------

    private Path complete(Path tmp, Path dir, String hash, long startedNanos, String what) {
        long seconds = Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
        write(tmp.resolve(COMPLETE), hash + "\nbuilt in " + seconds + " s\n");
        try {
            deleteTree(dir);
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + dir, e);
        }
        LOG.info("image built: what={}, hash={}, seconds={}", what, hash, seconds);
        progress.accept("Built the " + what + " in " + seconds + " s");
        pruneReplaced(dir);
        return dir;
    }

    /**
     * Deletes earlier builds of the same image (same name but for the hash) that no mounted server
     * uses any more: an edited setup.sh or package list must not fill the disk over time.
     */
    private void pruneReplaced(Path built) {
        String name = built.getFileName().toString();
        if (!name.startsWith("base-") && !name.startsWith("scenario-")) {
            return; // packages layers are shared by package set: another one is not a replacement
        }
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        String mounts;
        try {
            mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            return;
        }
        try (Stream<Path> siblings = Files.list(settings.images())) {
            for (Path old : siblings.toList()) {
                String oldName = old.getFileName().toString();
                boolean sameImage = oldName.startsWith(prefix) && !oldName.equals(name)
                        && oldName.substring(prefix.length()).matches("[0-9a-f]{16}");
                if (sameImage && !mounts.contains(old.toString() + "/")) {
                    deleteTree(old);
                    LOG.info("image pruned: dir={}", old);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot prune replaced images next to {}", built, e);
        }
    }

    private static String hashOf(Path imageDir) {
        String name = imageDir.getFileName().toString();
        return name.substring(name.lastIndexOf('-') + 1);
    }

    private Path temporary(String name) {
        Path tmp = settings.images().resolve(".tmp-" + name);
        Overlay.unmountAll(tmp);
        deleteTree(tmp);
        try {
            return Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
    }

    private void writeLog(String name, HostCommands.Result result) {
        write(settings.images().resolve("logs").resolve(name + ".log"), result.output());
    }

    private <T> T withLock(java.util.function.Supplier<T> work) {
        try {
            Files.createDirectories(settings.images());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.images(), e);
        }
        synchronized (ScenarioImages.class) {
            try (FileChannel channel = FileChannel.open(settings.images().resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock(); // released when the channel closes
                try {
                    return work.get();
                } finally {
                    lock.release();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + settings.images(), e);
            }
        }
    }

    static List<String> packageList(Path file) {
        return read(file).lines()
                .map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String tail(String text, int lines) {
        return new HostCommands.Result(List.of(), 0, text).tail(lines);
    }

    /** rm -rf, refusing to follow links out of the tree. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Overlay.mountedUnder(root).isEmpty()) {
            throw new SandboxException("refusing to delete " + root + ": something is still mounted below it");
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
