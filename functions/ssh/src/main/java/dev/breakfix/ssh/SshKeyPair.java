package dev.breakfix.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import net.i2p.crypto.eddsa.EdDSAPrivateKey;
import net.i2p.crypto.eddsa.EdDSAPublicKey;
import net.i2p.crypto.eddsa.spec.EdDSANamedCurveSpec;
import net.i2p.crypto.eddsa.spec.EdDSANamedCurveTable;
import net.i2p.crypto.eddsa.spec.EdDSAPrivateKeySpec;
import net.i2p.crypto.eddsa.spec.EdDSAPublicKeySpec;

/**
 * An Ed25519 key pair made from a 32-byte seed, in the forms SSH needs: an OpenSSH public key line
 * ({@code ssh-ed25519 AAAA… comment}), an OpenSSH private key file ({@code openssh-key-v1}, no
 * passphrase) and a JCA {@link KeyPair} for the MINA SSHD client. The same seed always gives the same
 * bytes, so a derived host key file is identical wherever it is derived.
 */
public final class SshKeyPair {
    public static final int SEED_BYTES = 32;
    private static final String KEY_TYPE = "ssh-ed25519";
    private static final EdDSANamedCurveSpec ED25519 =
            EdDSANamedCurveTable.getByName(EdDSANamedCurveTable.ED_25519);

    private final byte[] seed;
    private final byte[] publicKey;
    private final String comment;
    private final KeyPair keyPair;

    private SshKeyPair(byte[] seed, String comment) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed has " + SEED_BYTES + " bytes");
        }
        if (comment.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a key comment is printable ASCII without spaces");
        }
        EdDSAPrivateKeySpec privateSpec = new EdDSAPrivateKeySpec(seed, ED25519);
        EdDSAPublicKey pub = new EdDSAPublicKey(new EdDSAPublicKeySpec(privateSpec.getA(), ED25519));
        this.seed = seed.clone();
        this.publicKey = pub.getAbyte();
        this.comment = comment;
        this.keyPair = new KeyPair(pub, new EdDSAPrivateKey(privateSpec));
    }

    public static SshKeyPair fromSeed(byte[] seed, String comment) {
        return new SshKeyPair(seed, comment);
    }

    /** The JCA form, for the SSH client (identity) and for pinning (public half). */
    public KeyPair keyPair() {
        return keyPair;
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** The raw 32-byte public key. */
    public byte[] publicKeyBytes() {
        return publicKey.clone();
    }

    /** One line for {@code authorized_keys} or {@code known_hosts}: {@code ssh-ed25519 AAAA… comment}. */
    public String openSshPublicKey() {
        return KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicKeyBlob()) + " " + comment;
    }

    /** The private key file as {@code ssh-keygen} writes it (unencrypted {@code openssh-key-v1}). */
    public String openSshPrivateKey() {
        byte[] blob = publicKeyBlob();
        SshBuffer secret = new SshBuffer();
        // Two equal "check ints" guard against a wrong passphrase; derived from the key, so the file is
        // deterministic (the format allows any value).
        int check = ByteBuffer.wrap(publicKey, 0, 4).getInt();
        secret.putInt(check).putInt(check)
                .putString(KEY_TYPE)
                .putBytes(publicKey)
                .putBytes(concat(seed, publicKey))
                .putString(comment);
        for (int pad = 1; secret.size() % 8 != 0; pad++) {
            secret.putByte(pad);
        }
        SshBuffer file = new SshBuffer();
        file.putRaw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII))
                .putString("none").putString("none").putBytes(new byte[0])
                .putInt(1)
                .putBytes(blob)
                .putBytes(secret.toByteArray());
        String base64 = Base64.getEncoder().encodeToString(file.toByteArray());
        StringBuilder pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (int i = 0; i < base64.length(); i += 70) {
            pem.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
        }
        return pem.append("-----END OPENSSH PRIVATE KEY-----\n").toString();
    }

    /**
     * The public key line ({@code ssh-ed25519 AAAA…}, no comment) inside an unencrypted OpenSSH private
     * key file, as {@code ssh-keygen -y} prints it: for writing the {@code .pub} next to a host key.
     */
    public static String publicKeyOf(String openSshPrivateKey) {
        String base64 = openSshPrivateKey.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        ByteBuffer file;
        try {
            file = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an OpenSSH private key");
        }
        byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] start = new byte[magic.length];
        if (file.remaining() < magic.length || !Arrays.equals(readRaw(file, start), magic)) {
            throw new IllegalArgumentException("not an OpenSSH private key");
        }
        readString(file); // cipher
        readString(file); // kdf
        readString(file); // kdf options
        if (file.getInt() < 1) {
            throw new IllegalArgumentException("the OpenSSH private key holds no key");
        }
        byte[] blob = readString(file);
        String type = new String(readString(ByteBuffer.wrap(blob)), StandardCharsets.US_ASCII);
        return type + " " + Base64.getEncoder().encodeToString(blob);
    }

    private static byte[] readRaw(ByteBuffer buffer, byte[] into) {
        buffer.get(into);
        return into;
    }

    private static byte[] readString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("a malformed OpenSSH key");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** {@code SHA256:…} as {@code ssh-keygen -l} shows it: safe to log. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyBlob());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private byte[] publicKeyBlob() {
        return new SshBuffer().putString(KEY_TYPE).putBytes(publicKey).toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return "SshKeyPair[" + fingerprint() + "]";
    }

    /** The SSH wire encoding (RFC 4251): big-endian uint32, and length-prefixed strings. */
    private static final class SshBuffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        SshBuffer putInt(int value) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
            return this;
        }

        SshBuffer putByte(int value) {
            out.write(value);
            return this;
        }

        SshBuffer putRaw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        SshBuffer putBytes(byte[] bytes) {
            return putInt(bytes.length).putRaw(bytes);
        }

        SshBuffer putString(String text) {
            return putBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
