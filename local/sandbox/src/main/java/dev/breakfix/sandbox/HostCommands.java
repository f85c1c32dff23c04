package dev.breakfix.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's tools (lxc-*, ip, nft, mount, mmdebstrap) and collects what they print. */
final class HostCommands {
    /** Output kept per command: enough for any error, bounded for chatty builds. */
    private static final int MAX_OUTPUT = 256 * 1024;

    private HostCommands() {}

    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of the output: what an error message shows. */
        String tail(int lines) {
            String[] all = output.strip().split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
        }
    }

    static Result run(Duration timeout, List<String> command) {
        return run(timeout, null, command);
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, null, List.of(command));
    }

    /** Runs a command; on timeout it is killed and the result has exit code 124. */
    static Result run(Duration timeout, byte[] stdin, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                            : ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copyBounded(process.getInputStream(), output), "host-command-output");
        reader.setDaemon(true);
        reader.start();
        if (stdin != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the command did not read all of its input: its exit code tells the rest
            }
        }
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(2_000);
            String text;
            synchronized (output) {
                text = output.toString(StandardCharsets.UTF_8);
            }
            return new Result(command, finished ? process.exitValue() : 124,
                    finished ? text : text + "\n(timed out after " + timeout.toSeconds() + " s)");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs a command that must succeed; otherwise throws with its output. */
    static Result require(Duration timeout, String... command) {
        Result result = run(timeout, command);
        if (!result.ok()) {
            throw new SandboxException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.tail(20));
        }
        return result;
    }

    private static void copyBounded(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (out) {
                    if (out.size() + n > MAX_OUTPUT) {
                        // keep the end, where the errors are
                        byte[] kept = out.toByteArray();
                        out.reset();
                        int drop = Math.min(kept.length, out.size() + n + kept.length - MAX_OUTPUT);
                        out.write(kept, drop, kept.length - drop);
                    }
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
