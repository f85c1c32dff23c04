package dev.breakfix.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.secrets.MasterSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for visitors who have not signed in: a JWT signed with HMAC-SHA256 under a key derived from
 * the master secret, naming a random subject. Whoever holds the token is that anonymous owner.
 */
public final class AnonymousTokens {
    public static final Duration LIFETIME = Duration.ofHours(24);
    static final String ISSUER = "breakfix/anonymous";
    private static final Pattern SUBJECT = Pattern.compile("anon-[0-9a-z]{20}");
    private static final String HEADER = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Clock clock;

    public AnonymousTokens(MasterSecret secret, Clock clock) {
        this.key = secret.derive("anonymous-token", "", 32);
        this.clock = clock;
    }

    public record Issued(String token, String subject, Instant expiresAt) {}

    public Issued issue() {
        String subject = "anon-" + randomLowercase(20);
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        String payload = base64(JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", subject)
                .put("iat", now.getEpochSecond())
                .put("exp", expires.getEpochSecond())
                .toString().getBytes(StandardCharsets.UTF_8));
        String signed = HEADER + "." + payload;
        return new Issued(signed + "." + base64(sign(signed)), subject, expires);
    }

    /** The token's subject if it is one of ours, intact and not expired. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() > 1024) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(HEADER)) {
            return Optional.empty();
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String subject = claims.path("sub").asText("");
            boolean valid = ISSUER.equals(claims.path("iss").asText())
                    && SUBJECT.matcher(subject).matches()
                    && claims.path("exp").canConvertToLong()
                    && clock.instant().getEpochSecond() < claims.path("exp").asLong();
            return valid ? Optional.of(subject) : Optional.empty();
        } catch (Exception malformed) {
            return Optional.empty();
        }
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomLowercase(int length) {
        char[] alphabet = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
