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
 */
public record LocalConfig(String host, int port, Path stateDir, Path siteDir, Path scenariosDir,
        Path nodeModulesDir) {

    /** The layout of a checkout, relative to its root. */
    public static LocalConfig forCheckout(Path root, int port) {
        return new LocalConfig("127.0.0.1", port, root.resolve(".breakfix/state"),
                root.resolve("frontend/dist"), root.resolve("scenario-amis"),
                root.resolve("local/node_modules"));
    }

    public LocalConfig withStateDir(Path dir) {
        return new LocalConfig(host, port, dir, siteDir, scenariosDir, nodeModulesDir);
    }

    public LocalConfig withPort(int newPort) {
        return new LocalConfig(host, newPort, stateDir, siteDir, scenariosDir, nodeModulesDir);
    }
}
