package dev.breakfix.ssh;

/**
 * What a command run over an SSH exec channel left behind.
 *
 * @param exitCode the remote exit status; -1 when there was none (timed out, or killed by a signal)
 * @param timedOut the command did not finish in time and its channel was closed
 * @param stdout standard output, decoded as UTF-8, cut at {@link SshConnection#MAX_OUTPUT_BYTES}
 * @param stderr standard error, likewise
 */
public record ExecResult(int exitCode, boolean timedOut, String stdout, String stderr) {
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
