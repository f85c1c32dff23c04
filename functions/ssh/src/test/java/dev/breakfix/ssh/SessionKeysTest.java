package dev.breakfix.ssh;

import dev.breakfix.secrets.MasterSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.session.SessionId;
import org.junit.jupiter.api.Test;

class SessionKeysTest {
    private static final MasterSecret SECRET = MasterSecret.of(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final SessionId SESSION = new SessionId("s-0123456789abcdefghjk");

    @Test
    void derive_shouldGiveTheSameKeys_whenDerivedTwice() {
        // given / when
        SessionKeys first = SessionKeys.derive(SECRET, SESSION);
        SessionKeys second = SessionKeys.derive(SECRET, SESSION);

        // then
        assertThat(second.clientKey().openSshPublicKey()).isEqualTo(first.clientKey().openSshPublicKey());
        assertThat(second.clientKey().openSshPrivateKey()).isEqualTo(first.clientKey().openSshPrivateKey());
        assertThat(second.hostKey().openSshPrivateKey()).isEqualTo(first.hostKey().openSshPrivateKey());
    }

    @Test
    void derive_shouldGiveOtherKeys_whenTheSessionDiffers() {
        // given
        SessionId other = new SessionId("s-0123456789abcdefghjm");

        // when
        SessionKeys a = SessionKeys.derive(SECRET, SESSION);
        SessionKeys b = SessionKeys.derive(SECRET, other);

        // then
        assertThat(b.clientKey().publicKeyBytes()).isNotEqualTo(a.clientKey().publicKeyBytes());
        assertThat(b.hostKey().publicKeyBytes()).isNotEqualTo(a.hostKey().publicKeyBytes());
    }

    @Test
    void derive_shouldGiveOtherKeys_whenTheMasterSecretDiffers() {
        // given
        MasterSecret otherSecret = MasterSecret.random();

        // when
        SessionKeys a = SessionKeys.derive(SECRET, SESSION);
        SessionKeys b = SessionKeys.derive(otherSecret, SESSION);

        // then
        assertThat(b.clientKey().publicKeyBytes()).isNotEqualTo(a.clientKey().publicKeyBytes());
    }

    @Test
    void derive_shouldGiveDifferentClientAndHostKeys_whenForOneSession() {
        // given / when
        SessionKeys keys = SessionKeys.derive(SECRET, SESSION);

        // then
        assertThat(keys.hostKey().publicKeyBytes()).isNotEqualTo(keys.clientKey().publicKeyBytes());
    }

    @Test
    void derive_shouldMatchTheDocumentedHkdf_whenRecomputedByHand() {
        // given: HKDF-SHA256(master, salt "breakfix/v1", info "ssh-client-key" 0x00 session id), 32 bytes
        byte[] master = new byte[32];
        for (int i = 0; i < 32; i++) {
            master[i] = (byte) (i + 1);
        }
        byte[] seed = dev.breakfix.secrets.Hkdf.derive(master, "breakfix/v1".getBytes(),
                ("ssh-client-key\u0000" + SESSION.value()).getBytes(), 32);

        // when
        SessionKeys keys = SessionKeys.derive(SECRET, SESSION);

        // then
        assertThat(keys.clientKey().publicKeyBytes()).isEqualTo(SshKeyPair.fromSeed(seed, "x").publicKeyBytes());
    }

    @Test
    void toString_shouldNotShowTheSecret_whenLogged() {
        // given / when / then
        assertThat(SECRET.toString()).doesNotContain(SECRET.toBase64());
        assertThat(SessionKeys.derive(SECRET, SESSION).toString()).contains("SHA256:").doesNotContain("PRIVATE");
    }

    @Test
    void of_shouldRefuse_whenTheSecretIsShort() {
        assertThatThrownBy(() -> MasterSecret.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

}
