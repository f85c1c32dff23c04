package dev.breakfix.ssh;

/**
 * The verdict of a scenario's check script.
 *
 * @param solved the script exited 0 in time
 * @param message one line for the user: the script's first line of output, cleaned (see {@link CheckRunner})
 * @param exitCode the script's exit status; -1 if it timed out
 * @param output everything it printed (stdout, then stderr), for authors and logs, never for users
 */
public record CheckResult(boolean solved, String message, int exitCode, String output) {}
