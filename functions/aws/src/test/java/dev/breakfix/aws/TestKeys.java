package dev.breakfix.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Keys made once with {@code ssh-keygen -t ed25519} for the tests only (src/test/resources/keys/):
 * they guard nothing.
 */
public final class TestKeys {
    public static final String HOST_PRIVATE_KEY = read("host_ed25519");
    public static final String HOST_PUBLIC_KEY = read("host_ed25519.pub").strip();
    public static final String SESSION_PUBLIC_KEY = read("session_ed25519.pub").strip();

    private TestKeys() {}

    private static String read(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
