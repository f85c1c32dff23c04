package dev.breakfix.identity;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A company that runs interviews through the API, with one key (see {@link PartnerKeys}).
 *
 * @param id ours ({@code ptn-} and 16 letters and digits): what owns the sessions it creates
 * @param name the operator's label, for people; not unique, never used to decide anything
 */
public record Partner(String id, String name, UsageLimits limits, Instant createdAt) {
    private static final Pattern ID = Pattern.compile("ptn-[0-9a-z]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public Partner {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a partner id is ptn- and 16 lower-case letters and digits");
        }
        if (!validName(name)) {
            throw new IllegalArgumentException("a partner's name is 1 to 64 printable characters");
        }
    }

    public static String newId() {
        char[] alphabet = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
        char[] chars = new char[16];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return "ptn-" + new String(chars);
    }

    public static boolean validName(String name) {
        return name != null && !name.isBlank() && name.length() <= 64
                && name.codePoints().noneMatch(Character::isISOControl);
    }
}
