package dev.breakfix.local.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Node.js children the runtime starts (dynalite, the local sign-in provider): each records its pid
 * in a file, so that one left behind by a runtime that was killed can be stopped by the next.
 */
public final class ChildProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);
    private static final long GRACE_SECONDS = 5;

    private ChildProcesses() {}

    /**
     * Stops the process named in {@code pidFile} if it is still running and its command line contains
     * {@code commandMark} (a pid can be reused by something else), then removes the file.
     *
     * @param what how the log names it, e.g. "a dynalite"
     */
    public static void stopLeftover(Path pidFile, String commandMark, String what) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover;
        try {
            leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (NumberFormatException e) {
            leftover = Optional.empty();
        }
        leftover.filter(p -> p.info().commandLine().orElse("").contains(commandMark)).ifPresent(p -> {
            LOG.warn("stopping {} left by an earlier run (pid {})", what, p.pid());
            p.destroy();
            p.onExit().orTimeout(GRACE_SECONDS, TimeUnit.SECONDS).exceptionally(e -> {
                p.destroyForcibly();
                return p;
            }).join();
        });
        Files.deleteIfExists(pidFile);
    }

    /** Stops a child (politely, then by force) and removes its pid file. */
    public static void stop(Process process, Optional<Path> pidFile) {
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
            if (pidFile.isPresent()) {
                Files.deleteIfExists(pidFile.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
