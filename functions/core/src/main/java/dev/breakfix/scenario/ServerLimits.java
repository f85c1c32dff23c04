package dev.breakfix.scenario;

/**
 * What a scenario server may use. Locally these become cgroup limits on the container; on AWS they
 * choose the instance size.
 */
public record ServerLimits(int memoryMiB, int pids, double cpus) {
    public static final ServerLimits DEFAULT = new ServerLimits(512, 512, 1.0);

    public static final int MIN_MEMORY_MIB = 64;
    public static final int MAX_MEMORY_MIB = 4096;
    public static final int MIN_PIDS = 64;
    public static final int MAX_PIDS = 4096;
    public static final double MIN_CPUS = 0.1;
    public static final double MAX_CPUS = 2.0;
}
