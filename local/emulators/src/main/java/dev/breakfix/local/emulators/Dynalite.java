package dev.breakfix.local.emulators;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dynalite, the DynamoDB emulator (npm), as a child process on a free loopback port: with its tables on
 * disk (the runtime) or in memory (tests). With a data directory, a pid file next to it lets a later
 * start stop a dynalite left behind by a runtime that was killed.
 */
public final class Dynalite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dynalite.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    /** dynalite accepts any credentials; these are what breakfix's local clients send. */
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private final Process process;
    private final Optional<Path> pidFile;
    private final URI endpoint;

    private Dynalite(Process process, Optional<Path> pidFile, int port) {
        this.process = process;
        this.pidFile = pidFile;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts dynalite from {@code nodeModules} (where {@code npm ci} installed it).
     *
     * @param dataDir where tables live; empty keeps them in memory
     * @throws IllegalStateException with a sentence saying what to do, when it cannot start
     */
    public static Dynalite start(Path nodeModules, Optional<Path> dataDir) throws IOException, InterruptedException {
        Path cli = nodeModules.resolve("dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed (" + cli + " is missing): run `npm ci` in local/,"
                    + " or let `./breakfix up` install it");
        }
        int port = FreePorts.pick();
        List<String> command = new ArrayList<>(List.of("node", cli.toString(), "--port", Integer.toString(port),
                "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        Optional<Path> pidFile = Optional.empty();
        Path log;
        if (dataDir.isPresent()) {
            Files.createDirectories(dataDir.get());
            pidFile = Optional.of(dataDir.get().resolveSibling("dynalite.pid"));
            // A dynalite left behind by a runtime that was killed holds the data directory's lock.
            ChildProcesses.stopLeftover(pidFile.get(), "dynalite", "a dynalite");
            command.addAll(List.of("--path", dataDir.get().toString()));
            log = dataDir.get().resolveSibling("dynalite.log");
        } else {
            log = Files.createTempFile("dynalite", ".log");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (pidFile.isPresent()) {
            Files.writeString(pidFile.get(), Long.toString(process.pid()));
        }
        if (!FreePorts.awaitListening(port, START_TIMEOUT, process)) {
            process.destroyForcibly();
            throw new IllegalStateException("dynalite did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
        }
        LOG.info("dynalite listening on port {}{}", port, dataDir.map(d -> " with data in " + d).orElse(" in memory"));
        return new Dynalite(process, pidFile, port);
    }

    public URI endpoint() {
        return endpoint;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, pidFile);
    }
}
