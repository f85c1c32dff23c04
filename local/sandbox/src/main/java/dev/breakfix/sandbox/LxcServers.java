package dev.breakfix.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers;
import dev.breakfix.session.SessionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario servers as LXC system containers on this machine: systemd as PID 1 on an overlay root
 * (a per-server upper dir over the scenario's cached layers), a veth pair on a private /30 with no
 * gateway behind the {@link NftGuard}, and cgroup v1 limits from the scenario. SSH is the only way in,
 * as on AWS: the session's public key and derived host key are written into the upper dir before boot.
 *
 * <p>Every server has a folder {@code servers/<id>/} holding its LXC config, its overlay dirs and a
 * {@code server.json} record (session, deadline, address) written before anything is started, so
 * {@link #servers()} and {@link #terminateExpired} find servers left behind by a crash.
 */
public final class LxcServers implements Servers {
    private static final Logger LOG = LoggerFactory.getLogger(LxcServers.class);
    private static final Pattern NAME = Pattern.compile("bfx-[a-z0-9]{8}");
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Duration NET_TIMEOUT = Duration.ofSeconds(10);
    static final String RECORD_FILE = "server.json";

    private final SandboxSettings settings;
    private final ScenarioImages images;
    private final Lxc lxc;
    private final AddressPool pool;
    private final NftGuard guard = new NftGuard();

    public LxcServers(SandboxSettings settings, ScenarioImages images) {
        this.settings = settings;
        this.images = images;
        this.lxc = new Lxc(settings.servers());
        this.pool = new AddressPool(settings.leases(), settings.servers(), settings.firstSubnet(), settings.slots());
    }

    /** Says what is missing when this host cannot run scenario servers. */
    public static Optional<String> hostProblem() {
        if (!Lxc.installed()) {
            return Optional.of("LXC is not installed on this host: apt-get install lxc (and mmdebstrap nftables)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/mmdebstrap"))) {
            return Optional.of("mmdebstrap is not installed on this host: apt-get install mmdebstrap");
        }
        if (!NftGuard.nftInstalled()) {
            return Optional.of("nftables is not installed on this host: apt-get install nftables");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("scenario servers need root (system containers, mounts, nftables): run as root");
        }
        if (!Files.isDirectory(CGROUP_ROOT.resolve("memory"))) {
            return Optional.of("this host has no cgroup v1 memory controller at /sys/fs/cgroup/memory");
        }
        return Optional.empty();
    }

    @Override
    public ServerId launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
            Instant deadline) {
        List<Path> lowers = images.layers(scenario, settings.scenarios().resolve(scenario.id()));
        guard.ensure();
        ensureHostLimits();
        String name = newName();
        ServerId id = new ServerId(name);
        Path dir = settings.servers().resolve(name);
        AddressPool.Slot slot = pool.lease(name);
        ServerRecord record = new ServerRecord(name, session.value(), scenario.id(), Instant.now(), deadline,
                slot.index(), slot.hostAddress(), slot.serverAddress(), hostInterface(name), scenario.loginUser());
        try {
            writeRecord(dir, record);
            Path rootfs = dir.resolve("rootfs");
            Overlay.mount(lowers, dir.resolve("upper"), dir.resolve("work"), rootfs);
            writeIdentity(rootfs, scenario, sshPublicKey, hostPrivateKey);
            ScenarioImages.write(dir.resolve("config"), String.join("\n", config(name, scenario, rootfs, dir, slot)) + "\n");
            lxc.start(name);
            configureHostSide(record);
            LOG.info("server launched: server={}, session={}, scenario={}, address={}",
                    name, session, scenario.id(), slot.serverAddress());
            return id;
        } catch (RuntimeException e) {
            LOG.warn("server launch failed, cleaning up: server={}, session={}", name, session, e);
            terminate(id);
            throw e;
        }
    }

    @Override
    public Optional<ServerStatus> describe(ServerId server) {
        if (!NAME.matcher(server.value()).matches()) {
            return Optional.empty();
        }
        Optional<ServerRecord> record = record(server);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        String state = lxc.state(server.value()).orElse("STOPPED");
        ServerStatus.State mapped = switch (state) {
            case "RUNNING" -> ServerStatus.State.RUNNING;
            case "STARTING" -> ServerStatus.State.PENDING;
            case "STOPPING", "ABORTING", "FREEZING", "FROZEN", "THAWED" -> ServerStatus.State.STOPPING;
            default -> ServerStatus.State.STOPPED;
        };
        return Optional.of(new ServerStatus(mapped, Optional.of(record.get().address())));
    }

    @Override
    public void terminate(ServerId server) {
        String name = server.value();
        if (!NAME.matcher(name).matches()) {
            LOG.warn("terminate ignored a name that is not a sandbox server's: {}", name);
            return;
        }
        long started = System.nanoTime();
        Path dir = settings.servers().resolve(name);
        Optional<ServerRecord> record = record(server);
        if (Files.isDirectory(dir) || cgroupDirs(name).findAny().isPresent()) {
            lxc.kill(name);
        }
        killLeftoverProcesses(name);
        Overlay.unmountAll(dir);
        String veth = hostInterface(name);
        if (Files.exists(Path.of("/sys/class/net", veth))) {
            HostCommands.run(NET_TIMEOUT, "ip", "link", "delete", veth);
        }
        removeCgroups(name);
        record.map(ServerRecord::slot).or(() -> pool.heldBy(name)).ifPresent(slot -> pool.release(slot, name));
        ScenarioImages.deleteTree(dir);
        LOG.info("server terminated: server={}, session={}, millis={}", name,
                record.map(ServerRecord::session).orElse("unknown"), Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Every server this sandbox knows of, oldest first: what a reaper walks after a crash. */
    public List<ServerRecord> servers() {
        if (!Files.isDirectory(settings.servers())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(settings.servers())) {
            return dirs.filter(d -> NAME.matcher(d.getFileName().toString()).matches())
                    .map(d -> record(new ServerId(d.getFileName().toString())))
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(ServerRecord::createdAt))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + settings.servers(), e);
        }
    }

    /**
     * Terminates every server whose deadline plus {@code grace} has passed, and anything a crash left
     * half-made (a folder without a record, a lease without a folder); returns the servers ended.
     */
    public List<ServerId> terminateExpired(Instant now, Duration grace) {
        List<ServerId> ended = new ArrayList<>(cleanUpHalfMade(now.minus(HALF_MADE_AGE)));
        for (ServerRecord record : servers()) {
            if (record.deadline().plus(grace).isBefore(now)) {
                terminate(new ServerId(record.server()));
                ended.add(new ServerId(record.server()));
            }
        }
        return ended;
    }

    /** Older than this, a folder without a record or a lease without a folder is a crash's leftover. */
    private static final Duration HALF_MADE_AGE = Duration.ofMinutes(5);

    /**
     * Folders without a record (a crash during launch) are terminated; leases of no folder are freed.
     * Only those last touched before {@code before}: a launch in progress has both for a moment.
     */
    private List<ServerId> cleanUpHalfMade(Instant before) {
        List<ServerId> ended = new ArrayList<>();
        if (Files.isDirectory(settings.servers())) {
            try (Stream<Path> dirs = Files.list(settings.servers())) {
                for (Path dir : dirs.toList()) {
                    String name = dir.getFileName().toString();
                    if (NAME.matcher(name).matches() && !Files.exists(dir.resolve(RECORD_FILE))
                            && Files.getLastModifiedTime(dir).toInstant().isBefore(before)) {
                        terminate(new ServerId(name));
                        ended.add(new ServerId(name));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + settings.servers(), e);
            }
        }
        // Leases are shared by every runtime on the host: free only this runtime's orphans, and those
        // whose runtime's servers directory is gone (a deleted test or state directory).
        Path mine = settings.servers().toAbsolutePath();
        for (AddressPool.Lease lease : pool.leases()) {
            boolean orphan = lease.owner().map(owner -> owner.equals(mine)
                            ? !Files.isDirectory(mine.resolve(lease.server()))
                            : !Files.isDirectory(owner))
                    .orElse(false);
            try {
                if (orphan && NAME.matcher(lease.server()).matches() && pool.leasedAt(lease).isBefore(before)) {
                    pool.release(lease.index(), lease.server());
                }
            } catch (IOException e) {
                LOG.warn("cannot check the address lease {}", lease.index(), e);
            }
        }
        return ended;
    }

    public Optional<ServerRecord> record(ServerId server) {
        Path file = settings.servers().resolve(server.value()).resolve(RECORD_FILE);
        if (!NAME.matcher(server.value()).matches() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(file.toFile());
            return Optional.of(new ServerRecord(json.path("server").asText(), json.path("session").asText(),
                    json.path("scenario").asText(), Instant.parse(json.path("createdAt").asText()),
                    Instant.parse(json.path("deadline").asText()), json.path("slot").asInt(),
                    json.path("hostAddress").asText(), json.path("address").asText(),
                    json.path("hostInterface").asText(), json.path("loginUser").asText()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable server record: file={}", file, e);
            return Optional.empty();
        }
    }

    /** The host-side interface of a server's veth pair: what the guard matches by prefix. */
    static String hostInterface(String server) {
        return NftGuard.INTERFACE_PREFIX + "-" + server.substring(server.indexOf('-') + 1);
    }

    /** Runs a shell script inside the server as root, bypassing SSH: for the sandbox's own tests. */
    HostCommands.Result runAsRoot(ServerId server, String script, Duration timeout) {
        return lxc.attach(server.value(), script.getBytes(java.nio.charset.StandardCharsets.UTF_8), timeout,
                "bash", "-s");
    }

    // --- launching ------------------------------------------------------------------------------------

    /**
     * Each server's systemd takes several inotify instances, counted against root on the host: at the
     * kernel's default of 128 the 43rd server cannot boot. Raised (never lowered) once per process.
     */
    static final List<String[]> HOST_MINIMUMS = List.of(
            new String[] {"/proc/sys/fs/inotify/max_user_instances", "8192"},
            new String[] {"/proc/sys/fs/inotify/max_user_watches", "1048576"});
    private volatile boolean hostLimitsChecked;

    private void ensureHostLimits() {
        if (hostLimitsChecked) {
            return;
        }
        for (String[] minimum : HOST_MINIMUMS) {
            Path file = Path.of(minimum[0]);
            try {
                long current;
                // one read call: sysctl files answer nothing at an offset past 0 (Files.readString reads in steps)
                try (var in = Files.newInputStream(file)) {
                    current = Long.parseLong(new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII).strip());
                }
                if (current < Long.parseLong(minimum[1])) {
                    Files.writeString(file, minimum[1]);
                    LOG.info("raised a host limit for many servers: setting={}, from={}, to={}", file, current, minimum[1]);
                }
            } catch (IOException | NumberFormatException e) {
                LOG.warn("cannot raise {}: {}", file, e.getMessage());
            }
        }
        hostLimitsChecked = true;
    }

    private static String newName() {
        char[] chars = new char[8];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "bfx-" + new String(chars);
    }

    private static void writeRecord(Path dir, ServerRecord record) {
        ObjectNode json = JSON.createObjectNode()
                .put("server", record.server()).put("session", record.session()).put("scenario", record.scenario())
                .put("createdAt", record.createdAt().toString()).put("deadline", record.deadline().toString())
                .put("slot", record.slot()).put("hostAddress", record.hostAddress()).put("address", record.address())
                .put("hostInterface", record.hostInterface()).put("loginUser", record.loginUser());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(RECORD_FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
            Files.move(tmp, dir.resolve(RECORD_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of " + record.server(), e);
        }
    }

    /** The session's keys and the server's name, written through the overlay before boot. */
    private static void writeIdentity(Path rootfs, Scenario scenario, String sshPublicKey, String hostPrivateKey) {
        try {
            Path hostKey = rootfs.resolve("etc/ssh/ssh_host_ed25519_key");
            Files.createDirectories(hostKey.getParent());
            Files.deleteIfExists(hostKey);
            Files.createFile(hostKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(hostKey, hostPrivateKey);
            Files.writeString(rootfs.resolve("etc/ssh/ssh_host_ed25519_key.pub"),
                    dev.breakfix.ssh.SshKeyPair.publicKeyOf(hostPrivateKey) + " root@" + scenario.hostname() + "\n");
            Path keys = rootfs.resolve("etc/ssh/authorized_keys.d");
            Files.createDirectories(keys);
            String line = sshPublicKey.strip() + "\n";
            for (String user : List.of(scenario.loginUser(), "root")) {
                Files.writeString(keys.resolve(user), line);
            }
            Files.writeString(rootfs.resolve("etc/hostname"), scenario.hostname() + "\n");
            Path hosts = rootfs.resolve("etc/hosts");
            List<String> lines = new ArrayList<>(Files.exists(hosts) ? Files.readAllLines(hosts) : List.of());
            lines.removeIf(l -> l.startsWith("127.0.1.1"));
            int at = Math.min(1, lines.size());
            lines.add(at, "127.0.1.1\t" + scenario.hostname());
            Files.writeString(hosts, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the server's identity into " + rootfs, e);
        }
    }

    private static List<String> config(String name, Scenario scenario, Path rootfs, Path dir, AddressPool.Slot slot) {
        ServerLimits limits = scenario.limits();
        long quota = Math.max(1000, Math.round(limits.cpus() * 100_000));
        List<String> config = new ArrayList<>(Lxc.commonConfig(name, scenario.hostname(), rootfs, dir.resolve("lxc.log")));
        config.addAll(List.of(
                "lxc.net.0.type = veth",
                "lxc.net.0.veth.pair = " + hostInterface(name),
                "lxc.net.0.name = eth0",
                "lxc.net.0.flags = up",
                "lxc.net.0.ipv4.address = " + slot.serverAddress() + "/" + AddressPool.Slot.PREFIX,
                "lxc.cgroup.memory.limit_in_bytes = " + limits.memoryMiB() + "M",
                "lxc.cgroup.pids.max = " + limits.pids(),
                "lxc.cgroup.cpu.cfs_period_us = 100000",
                "lxc.cgroup.cpu.cfs_quota_us = " + quota));
        return config;
    }

    private static void configureHostSide(ServerRecord record) {
        String veth = record.hostInterface();
        try {
            Path ipv6 = Path.of("/proc/sys/net/ipv6/conf", veth, "disable_ipv6");
            if (Files.exists(ipv6)) {
                Files.writeString(ipv6, "1");
            }
        } catch (IOException e) {
            LOG.warn("cannot disable IPv6 on {}", veth, e);
        }
        HostCommands.require(NET_TIMEOUT, "ip", "address", "add", record.hostAddress() + "/" + AddressPool.Slot.PREFIX,
                "dev", veth);
        HostCommands.require(NET_TIMEOUT, "ip", "link", "set", "dev", veth, "up");
    }

    // --- cleaning up ----------------------------------------------------------------------------------

    /** The server's cgroup dirs in every hierarchy: LXC's payload (the container) and monitor. */
    private static Stream<Path> cgroupDirs(String name) {
        if (!Files.isDirectory(CGROUP_ROOT)) {
            return Stream.empty();
        }
        try (Stream<Path> hierarchies = Files.list(CGROUP_ROOT)) {
            return hierarchies.toList().stream()
                    .flatMap(h -> Stream.of(h.resolve("lxc.payload." + name), h.resolve("lxc.monitor." + name)))
                    .filter(Files::isDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + CGROUP_ROOT, e);
        }
    }

    /** After a crash a container may run without its LXC monitor: kill what is left in its cgroups. */
    private static void killLeftoverProcesses(String name) {
        for (int round = 0; round < 20; round++) {
            List<Long> pids = cgroupDirs(name).flatMap(LxcServers::processesBelow).distinct().toList();
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Stream<Long> processesBelow(Path cgroup) {
        try (Stream<Path> files = Files.walk(cgroup)) {
            return files.filter(f -> f.getFileName().toString().equals("cgroup.procs")).toList().stream()
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).map(Long::parseLong);
                        } catch (IOException e) {
                            return Stream.empty();
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            return Stream.empty();
        }
    }

    private static void removeCgroups(String name) {
        cgroupDirs(name).forEach(dir -> {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path sub : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        Files.deleteIfExists(sub);
                    } catch (IOException e) {
                        LOG.warn("cannot remove cgroup {}: {}", sub, e.getMessage());
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("cannot walk cgroup {}", dir, e);
            }
        });
    }
}
