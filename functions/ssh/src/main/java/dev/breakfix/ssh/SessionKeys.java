package dev.breakfix.ssh;

import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.SessionId;

/**
 * A session's two SSH keys, derived from the master secret and the session id, so that nothing per
 * session is stored: the launch step, the terminal gateway and the checker each derive them again when
 * they need them. Each is an Ed25519 key whose 32-byte seed is
 * {@code HKDF-SHA256(ikm = master secret, salt = "breakfix/v1", info = purpose + 0x00 + session id)}
 * ({@link MasterSecret#derive}), with the purposes below.
 *
 * <ul>
 *   <li>{@link #clientKey()} ({@value #CLIENT_KEY_PURPOSE}) — the platform's key; its public half is
 *       authorised on the server.
 *   <li>{@link #hostKey()} ({@value #HOST_KEY_PURPOSE}) — the server's host key; clients pin its public half.
 * </ul>
 */
public record SessionKeys(SessionId session, SshKeyPair clientKey, SshKeyPair hostKey) {
    public static final String CLIENT_KEY_PURPOSE = "ssh-client-key";
    public static final String HOST_KEY_PURPOSE = "ssh-host-key";


    public static SessionKeys derive(MasterSecret secret, SessionId session) {
        return new SessionKeys(session,
                SshKeyPair.fromSeed(secret.derive(CLIENT_KEY_PURPOSE, session.value(), SshKeyPair.SEED_BYTES),
                        "breakfix-" + session),
                SshKeyPair.fromSeed(secret.derive(HOST_KEY_PURPOSE, session.value(), SshKeyPair.SEED_BYTES),
                        "host-" + session));
    }

    @Override
    public String toString() {
        return "SessionKeys[" + session + ", client " + clientKey.fingerprint() + ", host "
                + hostKey.fingerprint() + "]";
    }
}
