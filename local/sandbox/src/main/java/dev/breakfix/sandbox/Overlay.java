package dev.breakfix.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** overlayfs mounts: a writable upper dir over read-only layers, as the server's root file system. */
final class Overlay {
    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Overlay() {}

    /** Mounts {@code lowers} (top first) under {@code upper} at {@code target}. */
    static void mount(List<Path> lowers, Path upper, Path work, Path target) {
        try {
            Files.createDirectories(upper);
            Files.createDirectories(work);
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the overlay dirs under " + target.getParent(), e);
        }
        String lowerdir = lowers.stream().map(Path::toString).collect(Collectors.joining(":"));
        HostCommands.require(MOUNT_TIMEOUT, "mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lowerdir + ",upperdir=" + upper + ",workdir=" + work, target.toString());
    }

    /** Unmounts everything at or below {@code target}, deepest first; nothing mounted is fine. */
    static void unmountAll(Path target) {
        List<Path> mounted = mountedUnder(target);
        for (Path path : mounted) {
            HostCommands.Result result = HostCommands.run(MOUNT_TIMEOUT, "umount", path.toString());
            if (!result.ok() && isMountPoint(path)) {
                // busy (a process still has a file open there): detach it now, the kernel frees it later
                HostCommands.require(MOUNT_TIMEOUT, "umount", "--lazy", path.toString());
            }
        }
    }

    static boolean isMountPoint(Path path) {
        return mountPoints().contains(path.toAbsolutePath().normalize());
    }

    /** Mount points at or below {@code root}, deepest first. */
    static List<Path> mountedUnder(Path root) {
        Path normalized = root.toAbsolutePath().normalize();
        return mountPoints().stream()
                .filter(p -> p.startsWith(normalized))
                .sorted((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()))
                .toList();
    }

    static List<Path> mountPoints() {
        try {
            return Files.readAllLines(MOUNTINFO).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> Path.of(unescape(fields[4])))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
