package dev.breakfix.aws.ec2;

import dev.breakfix.scenario.ServerLimits;
import java.util.List;

/**
 * Which EC2 instance types a scenario server may run on, from its {@link ServerLimits}.
 *
 * <p>Scenario images are arm64 (Debian 12 on Graviton), so only arm64 types fit; the burstable
 * t4g family is the cheapest for servers that idle most of the time (a shell and a broken service).
 * Every t4g size has 2 vCPUs, so the memory limit picks the size:
 *
 * <pre>
 *   memory limit    first choice   fallbacks on capacity errors
 *   ≤  512 MiB      t4g.nano       t4g.micro, t4g.small
 *   ≤ 1024 MiB      t4g.micro      t4g.small, t4g.medium
 *   ≤ 2048 MiB      t4g.small      t4g.medium, t4g.large
 *   ≤ 4096 MiB      t4g.medium     t4g.large
 * </pre>
 *
 * The instance's memory is at least the limit; the kernel's share comes out of it, as a container's
 * cgroup limit covers everything inside it locally. A fallback is the next sizes up: a spot pool of a
 * bigger size is usually still cheaper than on-demand at the right size, and no scenario needs less.
 * {@link #ALLOWED} is the list IAM allows {@code ec2:RunInstances} to use.
 */
public final class InstanceTypes {
    /** How many sizes one launch tries, the first choice included. */
    static final int CHOICES = 3;

    private record Size(String type, int memoryMiB, int vcpus) {}

    private static final List<Size> SIZES = List.of(
            new Size("t4g.nano", 512, 2),
            new Size("t4g.micro", 1024, 2),
            new Size("t4g.small", 2048, 2),
            new Size("t4g.medium", 4096, 2),
            new Size("t4g.large", 8192, 2));

    /** Every type a scenario server can have: what the launch role may run, and nothing else. */
    public static final List<String> ALLOWED = SIZES.stream().map(Size::type).toList();

    private InstanceTypes() {}

    /** The types to try for a server with these limits, cheapest first. */
    public static List<String> forLimits(ServerLimits limits) {
        int needCpus = (int) Math.ceil(limits.cpus());
        for (int i = 0; i < SIZES.size(); i++) {
            Size size = SIZES.get(i);
            if (size.memoryMiB() >= limits.memoryMiB() && size.vcpus() >= needCpus) {
                return SIZES.subList(i, Math.min(i + CHOICES, SIZES.size())).stream().map(Size::type).toList();
            }
        }
        throw new IllegalArgumentException("no instance type fits " + limits);
    }
}
