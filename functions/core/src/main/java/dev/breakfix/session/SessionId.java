package dev.breakfix.session;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A session's id. It is also the Step Functions execution name and part of server names, so it is
 * short, lower-case and safe in all of them; it is random so it cannot be guessed.
 */
public record SessionId(String value) {
    private static final Pattern FORMAT = Pattern.compile("s-[0-9a-z]{20}");
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public SessionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a session id");
        }
    }

    public static SessionId random() {
        char[] chars = new char[20];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new SessionId("s-" + new String(chars));
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
