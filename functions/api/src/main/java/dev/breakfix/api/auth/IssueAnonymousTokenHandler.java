package dev.breakfix.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.identity.IssuingAnonymousToken;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/auth/anonymous}: a signed token for a visitor who has not signed in, at most
 * {@link Platform#anonymousTokenLimit()} per client address; over it, 429 {@code RATE_LIMITED} with
 * {@code Retry-After}.
 */
public final class IssueAnonymousTokenHandler extends ApiHandler {
    private final IssuingAnonymousToken issuing;
    private final Optional<String> clientAddressHeader;

    public IssueAnonymousTokenHandler() {
        this(AwsPlatform.instance());
    }

    public IssueAnonymousTokenHandler(Platform p) {
        this.issuing = new IssuingAnonymousToken(p.anonymousTokens(), p.anonymousTokenLimit(), p.windowCounters(),
                p.clock());
        this.clientAddressHeader = p.clientAddressHeader();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        IssuingAnonymousToken.Result result = issuing.issue(Requests.clientAddress(request, clientAddressHeader));
        if (result instanceof IssuingAnonymousToken.Result.TooMany tooMany) {
            return ApiResponses.error(ApiError.rateLimited(
                    "Too many anonymous sessions were asked for from your address. Sign in, or try again later.",
                    tooMany.retryAfterSeconds()));
        }
        AnonymousTokens.Issued issued = ((IssuingAnonymousToken.Result.Issued) result).token();
        return ApiResponses.json(201, ApiResponses.JSON.createObjectNode()
                .put("token", issued.token())
                .put("expiresAt", issued.expiresAt().toString()), Map.of("Cache-Control", "no-store"));
    }
}
