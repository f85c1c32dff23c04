package dev.breakfix.api.auth;

import java.util.List;
import java.util.Optional;

/**
 * How the website signs users in: one OIDC public client (authorization code with PKCE), the same
 * settings shape for Cognito's hosted login on AWS and the local provider. {@code GET /api/auth/config}
 * hands them to the website.
 *
 * @param issuer the tokens' {@code iss}
 * @param authorizationEndpoint where the browser goes to sign in
 * @param tokenEndpoint where the website trades the code (and a refresh token) for tokens
 * @param logoutEndpoint where the browser goes to sign out of the provider too
 * @param logoutRedirectParameter how that endpoint is told where to come back: {@code logout_uri}
 *     (Cognito) or {@code post_logout_redirect_uri} (OIDC RP-initiated logout); {@code client_id} is sent
 *     to both
 * @param clientId the website's public client
 * @param scopes what the website asks for
 * @param redirectPath where on the website the provider sends the browser back with {@code ?code=}:
 *     the site's root, since redirect URIs may not carry a {@code #fragment}
 */
public record SignInSettings(String issuer, String authorizationEndpoint, String tokenEndpoint,
        Optional<String> logoutEndpoint, String logoutRedirectParameter, String clientId, List<String> scopes,
        String redirectPath) {
    public static final String REDIRECT_PATH = "/";

    public SignInSettings {
        scopes = List.copyOf(scopes);
    }
}
