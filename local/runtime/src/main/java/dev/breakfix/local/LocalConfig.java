package dev.breakfix.local;

import java.nio.file.Path;

/**
 * Where the local runtime listens and keeps its files.
 *
 * @param host the address to listen on; loopback by default, so the platform is not on the network
 * @param stateDir data that must survive a restart (dynalite's tables, s3proxy's objects)
 * @param siteDir the built website ({@code frontend/dist})
 * @param scenariosDir the scenario folders ({@code scenario-amis})
 * @param nodeModulesDir where {@code npm ci} put dynalite ({@code local/node_modules})
 * @param root the checkout (statemachines/, the cached server images)
 * @param maxRunningServers the global cap on running servers
 */
public record LocalConfig(String host, int port, Path stateDir, Path siteDir, Path scenariosDir,
        Path nodeModulesDir, Path root, int maxRunningServers) {
    /** Density measured on 2 cores / 24 GiB (docs/benchmarks.md) leaves room for this many. */
    public static final int DEFAULT_MAX_RUNNING_SERVERS = 50;

    /** The layout of a checkout, relative to its root. */
    public static LocalConfig forCheckout(Path root, int port) {
        return new LocalConfig("127.0.0.1", port, root.resolve(".breakfix/state"),
                root.resolve("frontend/dist"), root.resolve("scenario-amis"),
                root.resolve("local/node_modules"), root, DEFAULT_MAX_RUNNING_SERVERS);
    }

    public LocalConfig withStateDir(Path dir) {
        return new LocalConfig(host, port, dir, siteDir, scenariosDir, nodeModulesDir, root, maxRunningServers);
    }

    public LocalConfig withScenariosDir(Path dir) {
        return new LocalConfig(host, port, stateDir, siteDir, dir, nodeModulesDir, root, maxRunningServers);
    }

    public LocalConfig withMaxRunningServers(int max) {
        return new LocalConfig(host, port, stateDir, siteDir, scenariosDir, nodeModulesDir, root, max);
    }
}
