package dev.breakfix.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeyPairTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void fromSeed_shouldGiveTheRfc8032PublicKey_whenGivenTest1Seed() {
        // given: RFC 8032, section 7.1, TEST 1
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

        // when
        SshKeyPair key = SshKeyPair.fromSeed(seed, "test");

        // then
        assertThat(HEX.formatHex(key.publicKeyBytes()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(key.openSshPublicKey())
                .isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea test");
    }

    @Test
    void publicKeyOf_shouldReadThePublicKeyBackFromThePrivateKeyFile_whenTheFileIsOurs() {
        // given
        SshKeyPair key = SshKeyPair.fromSeed(new byte[32], "host-x");

        // when
        String line = SshKeyPair.publicKeyOf(key.openSshPrivateKey());

        // then
        assertThat(line + " host-x").isEqualTo(key.openSshPublicKey());
    }

    @Test
    void openSshPrivateKey_shouldBeReadBySshKeygen_whenWrittenToAFile(@TempDir Path dir) throws Exception {
        // given
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "needs ssh-keygen (openssh-client)");
        SshKeyPair key = SshKeyPair.fromSeed(HEX.parseHex(
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"), "host-test");
        Path file = dir.resolve("id_ed25519");
        Files.writeString(file, key.openSshPrivateKey());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        // when: ssh-keygen derives the public key from our private key file
        Process keygen = new ProcessBuilder("ssh-keygen", "-y", "-f", file.toString())
                .redirectErrorStream(true).start();
        String derived = new String(keygen.getInputStream().readAllBytes()).strip();
        keygen.waitFor(10, TimeUnit.SECONDS);

        // then
        assertThat(keygen.exitValue()).as(derived).isZero();
        assertThat(derived).startsWith(key.openSshPublicKey().substring(0, key.openSshPublicKey().lastIndexOf(' ')));
    }
}
