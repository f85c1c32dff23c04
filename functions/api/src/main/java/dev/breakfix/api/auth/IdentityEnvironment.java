package dev.breakfix.api.auth;

import dev.breakfix.identity.AnonymousTokenLimit;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity settings a function reads from its environment, which the CDK app sets:
 * <table>
 *   <caption>variables</caption>
 *   <tr><td>{@value #ISSUER}</td><td>the tokens' issuer ({@code https://cognito-idp.<region>.amazonaws.com/<pool>});
 *       unset: no user can sign in (anonymous play and partners still work)</td></tr>
 *   <tr><td>{@value #CLIENT_ID}</td><td>the website's app client: {@code client_id} of Cognito's access tokens</td></tr>
 *   <tr><td>{@value #AUDIENCE}</td><td>the API's {@code aud}, for issuers that put one in access tokens (optional)</td></tr>
 *   <tr><td>{@value #JWKS_URL}</td><td>the issuer's keys (default: {@code <issuer>/.well-known/jwks.json}, Cognito's)</td></tr>
 *   <tr><td>{@value #AUTHORIZATION_ENDPOINT}, {@value #TOKEN_ENDPOINT}</td><td>the hosted login's
 *       ({@code https://<domain>/oauth2/authorize}, {@code …/oauth2/token}); with the client id, they
 *       turn on {@code GET /api/auth/config}</td></tr>
 *   <tr><td>{@value #LOGOUT_ENDPOINT}, {@value #LOGOUT_REDIRECT_PARAMETER}</td><td>{@code https://<domain>/logout}
 *       and {@code logout_uri} for Cognito (optional)</td></tr>
 *   <tr><td>{@value #SCOPES}</td><td>what the website asks for, space-separated (default {@code openid profile})</td></tr>
 *   <tr><td>{@value #ANONYMOUS_TOKENS_PER_HOUR}</td><td>anonymous tokens per client address per hour (default 10)</td></tr>
 *   <tr><td>{@value #CLIENT_ADDRESS_HEADER}</td><td>a header the CDN sets with the viewer's address
 *       ({@code CloudFront-Viewer-Address}); unset: API Gateway's source address</td></tr>
 * </table>
 */
public final class IdentityEnvironment {
    public static final String ISSUER = "OIDC_ISSUER";
    public static final String CLIENT_ID = "OIDC_CLIENT_ID";
    public static final String AUDIENCE = "OIDC_AUDIENCE";
    public static final String JWKS_URL = "OIDC_JWKS_URL";
    public static final String AUTHORIZATION_ENDPOINT = "OIDC_AUTHORIZATION_ENDPOINT";
    public static final String TOKEN_ENDPOINT = "OIDC_TOKEN_ENDPOINT";
    public static final String LOGOUT_ENDPOINT = "OIDC_LOGOUT_ENDPOINT";
    public static final String LOGOUT_REDIRECT_PARAMETER = "OIDC_LOGOUT_REDIRECT_PARAMETER";
    public static final String SCOPES = "OIDC_SCOPES";
    public static final String ANONYMOUS_TOKENS_PER_HOUR = "ANONYMOUS_TOKENS_PER_HOUR";
    public static final String CLIENT_ADDRESS_HEADER = "CLIENT_ADDRESS_HEADER";
    /** Every variable above: what the CDK app passes to functions that use {@code Uses.SIGN_IN}. */
    public static final List<String> SIGN_IN_VARIABLES = List.of(ISSUER, CLIENT_ID, AUDIENCE, JWKS_URL,
            AUTHORIZATION_ENDPOINT, TOKEN_ENDPOINT, LOGOUT_ENDPOINT, LOGOUT_REDIRECT_PARAMETER, SCOPES);

    private IdentityEnvironment() {}

    /** How users' tokens are checked; empty when no issuer is configured. */
    public static Optional<OidcAccessTokens.Settings> tokens(Map<String, String> environment) {
        return value(environment, ISSUER).map(issuer -> new OidcAccessTokens.Settings(issuer,
                value(environment, AUDIENCE), value(environment, CLIENT_ID),
                value(environment, JWKS_URL).map(URI::create).orElseGet(() -> OidcAccessTokens.Settings.defaultJwks(issuer))));
    }

    /** What the website signs in with; empty unless the issuer, client and endpoints are all configured. */
    public static Optional<SignInSettings> signIn(Map<String, String> environment) {
        Optional<String> issuer = value(environment, ISSUER);
        Optional<String> client = value(environment, CLIENT_ID);
        Optional<String> authorize = value(environment, AUTHORIZATION_ENDPOINT);
        Optional<String> token = value(environment, TOKEN_ENDPOINT);
        if (issuer.isEmpty() || client.isEmpty() || authorize.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        List<String> scopes = Arrays.stream(value(environment, SCOPES).orElse("openid profile").split("\\s+"))
                .filter(scope -> !scope.isBlank()).toList();
        return Optional.of(new SignInSettings(issuer.get(), authorize.get(), token.get(),
                value(environment, LOGOUT_ENDPOINT),
                value(environment, LOGOUT_REDIRECT_PARAMETER).orElse("post_logout_redirect_uri"),
                client.get(), scopes, SignInSettings.REDIRECT_PATH));
    }

    public static AnonymousTokenLimit anonymousTokenLimit(Map<String, String> environment) {
        return value(environment, ANONYMOUS_TOKENS_PER_HOUR)
                .map(perHour -> new AnonymousTokenLimit(Integer.parseInt(perHour), Duration.ofHours(1)))
                .orElse(AnonymousTokenLimit.DEFAULT);
    }

    public static Optional<String> clientAddressHeader(Map<String, String> environment) {
        return value(environment, CLIENT_ADDRESS_HEADER);
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
