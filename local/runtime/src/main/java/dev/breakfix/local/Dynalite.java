package dev.breakfix.local;

import dev.breakfix.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dynalite, the DynamoDB emulator (npm), run as a child process with its tables on disk under the
 * state directory. A pid file lets a later start clean up after a runtime that was killed.
 */
final class Dynalite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dynalite.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path pidFile;
    private final AwsClients.Emulator emulator;

    private Dynalite(Process process, Path pidFile, int port) {
        this.process = process;
        this.pidFile = pidFile;
        this.emulator = new AwsClients.Emulator(URI.create("http://127.0.0.1:" + port), "local", "local");
    }

    static Dynalite start(Path nodeModules, Path dataDir) throws IOException, InterruptedException {
        Path cli = nodeModules.resolve("dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new LocalStartException("dynalite is not installed (" + cli + " is missing); run `npm ci` in local/"
                    + " or let `./breakfix up` install it");
        }
        Files.createDirectories(dataDir);
        Path pidFile = dataDir.resolveSibling("dynalite.pid");
        stopLeftover(pidFile);
        int port = FreePorts.pick();
        Path log = dataDir.resolveSibling("dynalite.log");
        Process process = new ProcessBuilder(List.of("node", cli.toString(), "--port", Integer.toString(port),
                "--host", "127.0.0.1", "--path", dataDir.toString(), "--createTableMs", "0",
                "--deleteTableMs", "0", "--updateTableMs", "0"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        if (!FreePorts.awaitListening(port, START_TIMEOUT, process)) {
            process.destroyForcibly();
            throw new LocalStartException("dynalite did not start within " + START_TIMEOUT.toSeconds()
                    + " s; see " + log);
        }
        LOG.info("dynalite listening on port {} with data in {}", port, dataDir);
        return new Dynalite(process, pidFile, port);
    }

    AwsClients.Emulator emulator() {
        return emulator;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A dynalite left behind by a runtime that was killed holds the data directory's lock. */
    private static void stopLeftover(Path pidFile) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String pid = Files.readString(pidFile).strip();
        Optional<ProcessHandle> leftover;
        try {
            leftover = ProcessHandle.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            leftover = Optional.empty();
        }
        leftover.filter(p -> p.info().commandLine().orElse("").contains("dynalite")).ifPresent(p -> {
            LOG.warn("stopping a dynalite left by an earlier run (pid {})", p.pid());
            p.destroy();
            p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> {
                p.destroyForcibly();
                return p;
            }).join();
        });
        Files.deleteIfExists(pidFile);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pidFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
