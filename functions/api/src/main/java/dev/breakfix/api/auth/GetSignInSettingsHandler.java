package dev.breakfix.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/auth/config}: how the website signs users in (OIDC authorization code with PKCE),
 * the same shape against Cognito's hosted login and the local provider. {@code enabled: false} where
 * no identity provider is configured; anonymous play works either way.
 */
public final class GetSignInSettingsHandler extends ApiHandler {
    private final Optional<SignInSettings> settings;

    public GetSignInSettingsHandler() {
        this(AwsPlatform.instance());
    }

    public GetSignInSettingsHandler(Platform p) {
        this.settings = p.signInSettings();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        ObjectNode body = ApiResponses.JSON.createObjectNode().put("enabled", settings.isPresent());
        settings.ifPresent(s -> {
            body.put("issuer", s.issuer())
                    .put("authorizationEndpoint", s.authorizationEndpoint())
                    .put("tokenEndpoint", s.tokenEndpoint());
            s.logoutEndpoint().ifPresent(logout -> body.put("logoutEndpoint", logout)
                    .put("logoutRedirectParameter", s.logoutRedirectParameter()));
            body.put("clientId", s.clientId()).put("redirectPath", s.redirectPath());
            s.scopes().forEach(body.putArray("scopes")::add);
        });
        return ApiResponses.json(200, body, Map.of("Cache-Control", "public, max-age=300"));
    }
}
