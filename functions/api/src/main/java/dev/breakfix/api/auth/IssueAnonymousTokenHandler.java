package dev.breakfix.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.identity.AnonymousTokens;
import java.util.Map;

/** {@code POST /api/auth/anonymous}: a signed token for a visitor who has not signed in. */
public final class IssueAnonymousTokenHandler extends ApiHandler {
    private final AnonymousTokens tokens;

    public IssueAnonymousTokenHandler() {
        this(AwsPlatform.instance());
    }

    public IssueAnonymousTokenHandler(Platform p) {
        this.tokens = p.anonymousTokens();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        AnonymousTokens.Issued issued = tokens.issue();
        return ApiResponses.json(201, ApiResponses.JSON.createObjectNode()
                .put("token", issued.token())
                .put("expiresAt", issued.expiresAt().toString()), Map.of("Cache-Control", "no-store"));
    }
}
