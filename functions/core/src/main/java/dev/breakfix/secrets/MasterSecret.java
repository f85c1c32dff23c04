package dev.breakfix.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one secret the platform keeps. Every other key — each session's SSH keys, token signing keys,
 * terminal tickets — is derived from it with HKDF and a purpose label, so nothing per session is
 * stored and each purpose's keys are independent.
 */
public final class MasterSecret {
    public static final int MIN_BYTES = 32;

    private final byte[] value;

    private MasterSecret(byte[] value) {
        if (value.length < MIN_BYTES) {
            throw new IllegalArgumentException("the master secret needs at least " + MIN_BYTES + " bytes");
        }
        this.value = value.clone();
    }

    /** From its base64 form (how it is stored in Secrets Manager and in the local state directory). */
    public static MasterSecret fromBase64(String encoded) {
        try {
            return new MasterSecret(Base64.getDecoder().decode(encoded.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master secret is not valid base64 of at least " + MIN_BYTES + " bytes");
        }
    }

    public static MasterSecret of(byte[] value) {
        return new MasterSecret(value);
    }

    /** A fresh random secret: for tests, and for tools whose keys need not outlive them. */
    public static MasterSecret random() {
        byte[] bytes = new byte[MIN_BYTES];
        new java.security.SecureRandom().nextBytes(bytes);
        return new MasterSecret(bytes);
    }

    /** The form it is kept in (Secrets Manager, the local state directory). */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(value);
    }

    /**
     * A key for one purpose (and, optionally, one subject such as a session id).
     *
     * @param purpose a fixed label, e.g. {@code "ssh-client-key"}; different labels give unrelated keys
     */
    public byte[] derive(String purpose, String subject, int length) {
        byte[] info = (purpose + "\u0000" + subject).getBytes(StandardCharsets.UTF_8);
        return Hkdf.derive(value, "breakfix/v1".getBytes(StandardCharsets.UTF_8), info, length);
    }

    @Override
    public String toString() {
        return "MasterSecret[redacted]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MasterSecret m && Arrays.equals(value, m.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
