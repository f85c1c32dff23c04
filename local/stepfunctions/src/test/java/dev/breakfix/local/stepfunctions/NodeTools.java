package dev.breakfix.local.stepfunctions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Node tools the tests use live: local/node_modules, beside this module. */
public final class NodeTools {
    private NodeTools() {}

    public static Path nodeModules() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules");
            if (Files.isDirectory(candidate.resolve("dynalite"))) {
                return candidate;
            }
            Path local = dir.resolve("local/node_modules");
            if (Files.isDirectory(local.resolve("dynalite"))) {
                return local;
            }
        }
        return here.resolve("../node_modules").normalize();
    }

    /** The repository's root: the folder holding statemachines/ and local/. */
    public static Path repositoryRoot() {
        return nodeModules().getParent().getParent();
    }
}
