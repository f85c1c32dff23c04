package dev.breakfix.local.stepfunctions;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Task tokens: opaque to callers, they carry the execution they belong to so that a callback finds
 * it without an index, and a random part so that a token cannot be guessed.
 */
final class TaskTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TaskTokens() {}

    static String issue(String executionArn) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return ENCODER.encodeToString(executionArn.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(secret);
    }

    static Optional<String> executionArn(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
