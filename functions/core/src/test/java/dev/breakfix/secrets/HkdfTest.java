package dev.breakfix.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HkdfTest {

    @Test
    void derive_shouldMatchRfc5869TestCase1() {
        // RFC 5869, appendix A.1
        byte[] ikm = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");

        byte[] okm = Hkdf.derive(ikm, salt, info, 42);

        assertThat(HexFormat.of().formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void masterSecret_shouldDeriveTheSameKeyTwice_andDifferentKeysPerPurposeAndSubject() {
        MasterSecret secret = MasterSecret.of(new byte[32]);

        byte[] key = secret.derive("ssh-client-key", "s-1", 32);

        assertThat(secret.derive("ssh-client-key", "s-1", 32)).isEqualTo(key);
        assertThat(secret.derive("ssh-host-key", "s-1", 32)).isNotEqualTo(key);
        assertThat(secret.derive("ssh-client-key", "s-2", 32)).isNotEqualTo(key);
        assertThat(secret.toString()).doesNotContain("0");
    }
}
