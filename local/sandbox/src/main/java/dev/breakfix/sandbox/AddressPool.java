package dev.breakfix.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Private /30 subnets for the servers' veth pairs, one per server: the host side gets {@code .1}, the
 * container {@code .2}; there is no gateway. A slot is leased by creating its file (atomic, so two
 * processes never get the same one) and freed by deleting it. The lease directory is shared by every
 * runtime on the host, so a lease names its server and the servers directory that took it
 * ({@code owner}): cleanup frees only its own runtime's orphans, or those of a directory that is gone.
 */
final class AddressPool {
    private final Path leases;
    private final Path owner;
    private final long first;
    private final int slots;

    /** What a lease file says: the server holding the slot, and the servers directory it lives in. */
    record Lease(int index, String server, Optional<Path> owner) {}

    AddressPool(Path leases, Path owner, String firstSubnet, int slots) {
        this.leases = leases;
        this.owner = owner.toAbsolutePath();
        this.first = toLong(firstSubnet);
        this.slots = slots;
        if ((first & 3) != 0) {
            throw new IllegalArgumentException(firstSubnet + " does not start a /30");
        }
    }

    record Slot(int index, String hostAddress, String serverAddress) {
        static final int PREFIX = 30;
    }

    /** Leases the first free slot for {@code server}. */
    Slot lease(String server) {
        try {
            Files.createDirectories(leases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + leases, e);
        }
        for (int index = 0; index < slots; index++) {
            try {
                Files.writeString(leases.resolve(Integer.toString(index)), server + "\n" + owner + "\n",
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return slot(index);
            } catch (FileAlreadyExistsException taken) {
                // next one
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lease an address in " + leases, e);
            }
        }
        throw new SandboxException("all " + slots + " server subnets are in use");
    }

    /** Frees a slot if {@code server} holds it (a slot leased again by another server stays). */
    void release(int index, String server) {
        Path lease = leases.resolve(Integer.toString(index));
        try {
            if (Files.exists(lease) && holder(Files.readString(lease)).equals(server)) {
                Files.deleteIfExists(lease);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + lease, e);
        }
    }

    /** The slot {@code server} holds, if any: after a crash the lease files are the record. */
    Optional<Integer> heldBy(String server) {
        if (!Files.isDirectory(leases)) {
            return Optional.empty();
        }
        try (var files = Files.list(leases)) {
            return files.filter(f -> {
                try {
                    return holder(Files.readString(f)).equals(server);
                } catch (IOException e) {
                    return false;
                }
            }).map(f -> Integer.parseInt(f.getFileName().toString())).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + leases, e);
        }
    }

    /** Every lease on the host, with its owner when the lease says it (older leases do not). */
    java.util.List<Lease> leases() {
        if (!Files.isDirectory(leases)) {
            return java.util.List.of();
        }
        try (var files = Files.list(leases)) {
            java.util.List<Lease> all = new java.util.ArrayList<>();
            for (Path file : files.toList()) {
                try {
                    String[] lines = Files.readString(file).strip().split("\n");
                    all.add(new Lease(Integer.parseInt(file.getFileName().toString()), lines[0].strip(),
                            lines.length > 1 ? Optional.of(Path.of(lines[1].strip())) : Optional.empty()));
                } catch (IOException | NumberFormatException e) {
                    // being written or not a lease: leave it
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + leases, e);
        }
    }

    /** The time a lease file was last written, for the age check of crash leftovers. */
    java.time.Instant leasedAt(Lease lease) throws IOException {
        return Files.getLastModifiedTime(leases.resolve(Integer.toString(lease.index()))).toInstant();
    }

    private static String holder(String leaseText) {
        return leaseText.strip().split("\n")[0].strip();
    }

    Slot slot(int index) {
        long subnet = first + 4L * index;
        return new Slot(index, toAddress(subnet + 1), toAddress(subnet + 2));
    }

    private static long toLong(String address) {
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String part : parts) {
            value = value * 256 + Integer.parseInt(part);
        }
        return value;
    }

    private static String toAddress(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }
}
