package dev.breakfix.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.breakfix.aws.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user data script, run for real by {@code sh} with every {@code /etc/} path moved under a
 * temporary folder and {@code systemctl} and {@code hostname} replaced by stubs that log their
 * arguments. This proves what the script writes, with which permissions, and that the derived public
 * host key matches; it does not prove cloud-init runs it on the image (that needs an instance).
 */
class SessionUserDataTest {
    @TempDir
    Path dir;

    @Test
    void script_shouldInstallTheSessionKeysAndRestartSshd_whenRunAsRootAtFirstBoot() throws Exception {
        // given: a first boot where cloud-init has made host keys of its own
        Path root = fakeRoot();
        Files.writeString(root.resolve("etc/ssh/ssh_host_rsa_key"), "cloud-init's key");
        Files.writeString(root.resolve("etc/ssh/ssh_host_ecdsa_key.pub"), "cloud-init's key");
        String script = SessionUserData.script("admin", "web-01", TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY);

        // when
        String log = run(script, root);

        // then
        Path ssh = root.resolve("etc/ssh");
        try (var files = Files.list(ssh)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("authorized_keys.d", "ssh_host_ed25519_key", "ssh_host_ed25519_key.pub");
        }
        assertThat(Files.readString(ssh.resolve("ssh_host_ed25519_key"))).isEqualTo(TestKeys.HOST_PRIVATE_KEY);
        assertThat(mode(ssh.resolve("ssh_host_ed25519_key"))).isEqualTo("rw-------");
        assertThat(keyOnly(Files.readString(ssh.resolve("ssh_host_ed25519_key.pub"))))
                .isEqualTo(keyOnly(TestKeys.HOST_PUBLIC_KEY));
        for (String user : List.of("admin", "root")) {
            Path authorized = ssh.resolve("authorized_keys.d/" + user);
            assertThat(Files.readString(authorized)).isEqualTo(TestKeys.SESSION_PUBLIC_KEY + "\n");
            assertThat(mode(authorized)).isEqualTo("rw-r--r--");
        }
        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("web-01\n");
        assertThat(Files.readString(root.resolve("etc/hosts"))).isEqualTo("127.0.0.1 localhost\n127.0.1.1 web-01\n");
        assertThat(Files.readString(root.resolve("etc/cloud/cloud.cfg.d/99-breakfix.cfg")))
                .isEqualTo("preserve_hostname: true\n");
        assertThat(log).isEqualTo("hostname web-01\nsystemctl restart ssh.service\n");
    }

    @Test
    void script_shouldWriteOneHostsLine_whenRunTwice() throws Exception {
        // given
        Path root = fakeRoot();
        String script = SessionUserData.script("player", "db-01", TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY);

        // when
        run(script, root);
        run(script, root);

        // then
        assertThat(Files.readString(root.resolve("etc/hosts"))).isEqualTo("127.0.0.1 localhost\n127.0.1.1 db-01\n");
        assertThat(root.resolve("etc/ssh/authorized_keys.d/player")).exists();
    }

    @Test
    void script_shouldWriteTheKeyOnce_whenTheLoginUserIsRoot() {
        // when
        String script = SessionUserData.script("root", "box", TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY);

        // then
        assertThat(script.split("authorized_keys.d/root\n", -1)).hasSize(3); // written once, chmod once
    }

    @Test
    void script_shouldBeValidShell_whenParsedBySh() throws Exception {
        // given
        Path file = dir.resolve("user-data.sh");
        Files.writeString(file, SessionUserData.script("admin", "web-01", TestKeys.SESSION_PUBLIC_KEY,
                TestKeys.HOST_PRIVATE_KEY));

        // when
        Process sh = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();

        // then
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sh.exitValue()).as(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void encoded_shouldBeTheScriptInBase64_whenSmallEnough() {
        // when
        String encoded = SessionUserData.encoded("admin", "web-01", TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY);

        // then
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .isEqualTo(SessionUserData.script("admin", "web-01", TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY));
    }

    @Test
    void encoded_shouldRefuse_whenTheScriptWouldPassTheUserDataLimit() {
        // given: a well-shaped but enormous key
        String line = "A".repeat(70) + "\n";
        String huge = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + line.repeat(240) + "-----END OPENSSH PRIVATE KEY-----\n";

        // when / then
        assertThatThrownBy(() -> SessionUserData.encoded("admin", "web-01", TestKeys.SESSION_PUBLIC_KEY, huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16384");
    }

    @Test
    void script_shouldRefuseValuesThatCouldBreakOutOfTheScript_whenBadlyShaped() {
        String pub = TestKeys.SESSION_PUBLIC_KEY;
        String key = TestKeys.HOST_PRIVATE_KEY;
        assertThatThrownBy(() -> SessionUserData.script("admin'; reboot; '", "web", pub, key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("login user");
        assertThatThrownBy(() -> SessionUserData.script("admin", "web$(id)", pub, key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name");
        assertThatThrownBy(() -> SessionUserData.script("admin", "web", pub + "' ; reboot", key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public key");
        assertThatThrownBy(() -> SessionUserData.script("admin", "web", pub + "\nssh-ed25519 AAAA other", key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public key");
        assertThatThrownBy(() -> SessionUserData.script("admin", "web", pub,
                key.replace("-----END", "BREAKFIX_HOST_KEY\nreboot\n-----END")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key");
    }

    /** A folder with etc/ssh and etc/hosts, and stub commands; the script's /etc/ moved there. */
    private Path fakeRoot() throws IOException {
        Path root = Files.createTempDirectory(dir, "root");
        Files.createDirectories(root.resolve("etc/ssh"));
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String command : List.of("systemctl", "hostname")) {
            Path stub = bin.resolve(command);
            Files.writeString(stub, "#!/bin/sh\necho \"" + command + " $*\" >> \"" + root.resolve("commands.log") + "\"\n");
            stub.toFile().setExecutable(true);
        }
        return root;
    }

    private String run(String script, Path root) throws Exception {
        assumeTrue(onPath("ssh-keygen"), "ssh-keygen is needed to derive the public host key");
        Path file = root.resolve("user-data.sh");
        Files.writeString(file, script.replace("/etc/", root + "/etc/"));
        ProcessBuilder builder = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", root.resolve("bin") + ":/usr/bin:/bin");
        Process sh = builder.start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sh.exitValue()).as(output).isZero();
        Path log = root.resolve("commands.log");
        String commands = Files.exists(log) ? Files.readString(log) : "";
        Files.deleteIfExists(log);
        return commands;
    }

    private static boolean onPath(String command) {
        for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(folder, command))) {
                return true;
            }
        }
        return false;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** "type base64" without the comment. */
    private static String keyOnly(String publicKey) {
        String[] parts = publicKey.strip().split(" ");
        return parts[0] + " " + parts[1];
    }
}
