package dev.breakfix.api.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.ExtendingSession;
import dev.breakfix.session.ExtendingSession.Result;

/** {@code POST /api/sessions/{id}/extend}: more time, a step at a time, within the scenario's limit. */
public final class ExtendSessionHandler extends ApiHandler {
    private final ExtendingSession extending;

    public ExtendSessionHandler() {
        this(AwsPlatform.instance());
    }

    public ExtendSessionHandler(Platform p) {
        this.extending = new ExtendingSession(p.catalog(), p.sessions(), p.workflows(), p.clock());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        Result result = extending.extend(Requests.owner(request), Requests.sessionId(request));
        if (result instanceof Result.Extended extended) {
            return ApiResponses.json(200, ApiResponses.JSON.createObjectNode()
                    .put("expiresAt", extended.expiresAt().toString()));
        }
        if (result instanceof Result.LimitReached limit) {
            return ApiResponses.error(new ApiError(409, "EXTENSION_LIMIT",
                    "This session cannot be extended any further.").withDetail("expiresAt", limit.expiresAt().toString()));
        }
        if (result instanceof Result.NotReady) {
            return ApiResponses.error(new ApiError(409, "NOT_READY", "Only a running session can be extended."));
        }
        if (result instanceof Result.Conflict) {
            return ApiResponses.error(new ApiError(409, "CONFLICT", "The session changed at the same moment. Try again."));
        }
        return ApiResponses.error(ApiError.sessionNotFound());
    }
}
