package dev.breakfix.identity;

/**
 * Access tokens of signed-in users, issued by the identity provider (Cognito on AWS, the local OIDC
 * provider locally) and checked as API Gateway's Cognito authorizer checks them.
 */
public interface UserTokens {
    /** For a platform with no identity provider configured: no token is a user's. */
    UserTokens NONE = token -> new Verification.Invalid();

    Verification verify(String token);

    sealed interface Verification {
        /** A user's valid access token; {@code subject} is the user's stable id ({@code sub}). */
        record Valid(String subject) implements Verification {}

        /** Not a valid access token of ours, for whatever reason (never said which). */
        record Invalid() implements Verification {}

        /** The token could not be checked: the provider's signing keys could not be had. */
        record Unavailable() implements Verification {}
    }
}
