package dev.breakfix.ssh;

/** Where to log in: a scenario server's address, its SSH port, and the account. */
public record SshEndpoint(String host, int port, String user) {
    public static final int SSH_PORT = 22;

    public SshEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an SSH endpoint needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("an SSH endpoint needs a user");
        }
    }

    public static SshEndpoint of(String host, String user) {
        return new SshEndpoint(host, SSH_PORT, user);
    }

    public SshEndpoint as(String otherUser) {
        return new SshEndpoint(host, port, otherUser);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
