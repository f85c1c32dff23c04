package dev.breakfix.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the sandbox keeps things on this machine, and the private addresses it hands out.
 *
 * @param scenarios the {@code scenario-amis/} folder (base image definition and scenario folders)
 * @param images cached base and scenario layers; kept across runs, safe to delete
 * @param servers one folder per running server: its LXC config, overlay dirs and record
 * @param leases one file per address slot in use; one directory per host (not per checkout or state
 *     directory), because every runtime and test on the host shares the same address space
 * @param firstSubnet the first /30 of the pool, e.g. 10.200.0.0; slots follow it
 * @param slots how many /30 subnets the pool has
 * @param aptSources the apt sources given to mmdebstrap (the host's), or empty for its default
 */
public record SandboxSettings(Path scenarios, Path images, Path servers, Path leases, String firstSubnet,
        int slots, Optional<Path> aptSources) {

    public static final String DEFAULT_FIRST_SUBNET = "10.200.0.0";
    public static final int DEFAULT_SLOTS = 4096;
    /** In /run: cleared when the host reboots, as the servers themselves are. */
    static final Path HOST_LEASES = Path.of("/run/breakfix/address-leases");
    private static final Path HOST_DEBIAN_SOURCES = Path.of("/etc/apt/sources.list.d/debian.sources");
    private static final Path HOST_SOURCES_LIST = Path.of("/etc/apt/sources.list");

    /**
     * The defaults for a checkout at {@code root}: state under {@code root/.breakfix/} (or
     * {@code $BREAKFIX_HOME}), images under its {@code images/} (or {@code $BREAKFIX_IMAGES}).
     */
    public static SandboxSettings forRepository(Path root) {
        return forRepository(root, System.getenv());
    }

    static SandboxSettings forRepository(Path root, Map<String, String> env) {
        Path home = Optional.ofNullable(env.get("BREAKFIX_HOME")).map(Path::of).orElse(root.resolve(".breakfix"));
        Path images = Optional.ofNullable(env.get("BREAKFIX_IMAGES")).map(Path::of).orElse(home.resolve("images"));
        Path sandbox = home.resolve("sandbox");
        Path leases = Optional.ofNullable(env.get("BREAKFIX_LEASES")).map(Path::of).orElse(HOST_LEASES);
        return new SandboxSettings(root.resolve("scenario-amis"), images.toAbsolutePath(),
                sandbox.resolve("servers").toAbsolutePath(), leases.toAbsolutePath(),
                DEFAULT_FIRST_SUBNET, DEFAULT_SLOTS, hostAptSources());
    }

    /** This machine's Debian sources, so that images come from the mirror the host already uses. */
    static Optional<Path> hostAptSources() {
        if (Files.isRegularFile(HOST_DEBIAN_SOURCES)) {
            return Optional.of(HOST_DEBIAN_SOURCES);
        }
        return Files.isRegularFile(HOST_SOURCES_LIST) ? Optional.of(HOST_SOURCES_LIST) : Optional.empty();
    }

    /**
     * The same images and host-wide address leases, with servers kept under {@code dir}: how the local
     * runtime keeps its servers with the rest of its state (and tests keep theirs apart).
     */
    public SandboxSettings withStateIn(Path dir) {
        return new SandboxSettings(scenarios, images, dir.toAbsolutePath().resolve("servers"), leases,
                firstSubnet, slots, aptSources);
    }

    public Path baseDefinition() {
        return scenarios.resolve("base");
    }
}
