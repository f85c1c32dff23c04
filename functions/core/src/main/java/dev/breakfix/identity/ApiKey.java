package dev.breakfix.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A partner's API key: {@code bfx} and 40 letters and digits (about 238 random bits), which API
 * Gateway also accepts as an API key's value. Only its SHA-256 {@link #hash()} is ever stored: the key
 * is shown once, when it is made. A fast hash is enough for a value this random; nothing can be
 * guessed from it.
 */
public final class ApiKey {
    private static final String PREFIX = "bfx";
    private static final int RANDOM_CHARS = 40;
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern SHAPE = Pattern.compile(PREFIX + "[0-9A-Za-z]{" + RANDOM_CHARS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    public static ApiKey generate() {
        char[] chars = new char[RANDOM_CHARS];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new ApiKey(PREFIX + new String(chars));
    }

    /** Whether {@code text} has a key's shape: a cheap refusal before anything is looked up. */
    public static boolean hasKeyShape(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    /** The SHA-256 of a key, in lower-case hex: what storage keys partners by. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public String hash() {
        return hash(value);
    }

    /** The key itself: to show once, to the operator who made it, and never to log. */
    public String reveal() {
        return value;
    }

    /** Never the key: this object may end up in a log line by mistake. */
    @Override
    public String toString() {
        return "ApiKey[hash=" + hash().substring(0, 12) + "…]";
    }
}
