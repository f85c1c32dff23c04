package dev.breakfix.aws.ec2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user data a scenario server starts with: a shell script that cloud-init runs once, at first boot,
 * as root. It installs the session's own keys and nothing else — the public key that the gateway and
 * the checker log in with, for the login user and for root (the check runs as root), and the host key
 * that they pin — then restarts sshd. The image (scenario-amis/base) already configures sshd to read
 * {@code /etc/ssh/authorized_keys.d/%u} and only {@code /etc/ssh/ssh_host_ed25519_key}; the script also
 * deletes every other host key, so sshd could present no other even with a default configuration.
 *
 * <p>Every value put into the script is checked against a strict shape first (a key, a user name, a
 * host name), so nothing in it can end a quote or a here-document.
 */
public final class SessionUserData {
    /** EC2 refuses user data over 16 KB (before base64). */
    static final int MAX_BYTES = 16 * 1024;

    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "(ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [A-Za-z0-9@._:+-]*)?");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/=]+\n)+-----END OPENSSH PRIVATE KEY-----\n?");
    private static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final String HOST_KEY = "/etc/ssh/ssh_host_ed25519_key";

    private SessionUserData() {}

    /** The script, base64-encoded as RunInstances takes it. */
    public static String encoded(String loginUser, String hostname, String sshPublicKey, String hostPrivateKey) {
        byte[] script = script(loginUser, hostname, sshPublicKey, hostPrivateKey).getBytes(StandardCharsets.UTF_8);
        if (script.length > MAX_BYTES) {
            throw new IllegalArgumentException("user data is " + script.length + " bytes; EC2 takes " + MAX_BYTES);
        }
        return Base64.getEncoder().encodeToString(script);
    }

    static String script(String loginUser, String hostname, String sshPublicKey, String hostPrivateKey) {
        require(UNIX_USER, loginUser, "login user");
        require(HOSTNAME, hostname, "host name");
        String publicKey = sshPublicKey.strip();
        require(PUBLIC_KEY, publicKey, "SSH public key");
        String privateKey = hostPrivateKey.replace("\r\n", "\n").strip() + "\n";
        require(PRIVATE_KEY, privateKey, "OpenSSH host private key");

        Set<String> users = new LinkedHashSet<>();
        users.add(loginUser);
        users.add("root");
        StringBuilder s = new StringBuilder(1024 + privateKey.length());
        s.append("#!/bin/sh\n")
                .append("# breakfix: this session's SSH keys, written once at first boot; nothing else.\n")
                .append("set -eu\n")
                .append("umask 077\n")
                .append("# The host key that the platform pins: the only one sshd may present.\n")
                .append("rm -f /etc/ssh/ssh_host_*\n")
                .append("cat > ").append(HOST_KEY).append(" <<'BREAKFIX_HOST_KEY'\n")
                .append(privateKey)
                .append("BREAKFIX_HOST_KEY\n")
                .append("chmod 600 ").append(HOST_KEY).append('\n')
                .append("ssh-keygen -y -f ").append(HOST_KEY).append(" > ").append(HOST_KEY).append(".pub\n")
                .append("chmod 644 ").append(HOST_KEY).append(".pub\n")
                .append("# The session's key, outside home directories so that breaking ~/.ssh locks nobody out.\n")
                .append("install -d -m 755 /etc/ssh/authorized_keys.d\n");
        for (String user : users) {
            s.append("printf '%s\\n' '").append(publicKey).append("' > /etc/ssh/authorized_keys.d/").append(user).append('\n')
                    .append("chmod 644 /etc/ssh/authorized_keys.d/").append(user).append('\n');
        }
        s.append("# The scenario's host name, kept across reboots.\n")
                .append("install -d -m 755 /etc/cloud/cloud.cfg.d\n")
                .append("printf 'preserve_hostname: true\\n' > /etc/cloud/cloud.cfg.d/99-breakfix.cfg\n")
                .append("chmod 644 /etc/cloud/cloud.cfg.d/99-breakfix.cfg\n")
                .append("printf '%s\\n' '").append(hostname).append("' > /etc/hostname\n")
                .append("chmod 644 /etc/hostname\n")
                .append("hostname '").append(hostname).append("' || true\n")
                .append("grep -q '[[:space:]]").append(hostname).append("$' /etc/hosts || printf '127.0.1.1 %s\\n' '")
                .append(hostname).append("' >> /etc/hosts\n")
                .append("systemctl restart ssh.service\n");
        return s.toString();
    }

    private static void require(Pattern shape, String value, String what) {
        if (value == null || !shape.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + what + " for user data");
        }
    }
}
