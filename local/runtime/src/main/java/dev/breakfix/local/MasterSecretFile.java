package dev.breakfix.local;

import dev.breakfix.secrets.MasterSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local master secret: 48 random bytes, base64, in {@code <state>/master.key} (readable by its
 * owner only), made on first start and kept, so that sessions' derived keys survive a restart.
 */
final class MasterSecretFile {
    private final String base64;

    private MasterSecretFile(String base64) {
        this.base64 = base64;
    }

    static MasterSecretFile in(Path stateDir) throws IOException {
        Path file = stateDir.resolve("master.key");
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(stateDir);
            byte[] secret = new byte[48];
            new SecureRandom().nextBytes(secret);
            Files.writeString(file, Base64.getEncoder().encodeToString(secret), StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return new MasterSecretFile(Files.readString(file).strip());
    }

    MasterSecret secret() {
        return MasterSecret.fromBase64(base64);
    }
}
