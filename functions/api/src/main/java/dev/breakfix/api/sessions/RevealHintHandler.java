package dev.breakfix.api.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.RevealingHint;
import dev.breakfix.session.RevealingHint.Result;

/** {@code POST /api/sessions/{id}/hints}: reveals the next hint; the reveal is recorded. */
public final class RevealHintHandler extends ApiHandler {
    private final RevealingHint revealing;

    public RevealHintHandler() {
        this(AwsPlatform.instance());
    }

    public RevealHintHandler(Platform p) {
        this.revealing = new RevealingHint(p.catalog(), p.sessions());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        Result result = revealing.reveal(Requests.owner(request), Requests.sessionId(request));
        if (result instanceof Result.Revealed hint) {
            return ApiResponses.json(200, ApiResponses.JSON.createObjectNode()
                    .put("index", hint.index()).put("text", hint.text()).put("of", hint.of()));
        }
        if (result instanceof Result.NoMoreHints none) {
            return ApiResponses.error(new ApiError(409, "NO_MORE_HINTS",
                    none.of() == 0 ? "This scenario has no hints." : "You have seen all " + none.of() + " hints."));
        }
        if (result instanceof Result.NotReady) {
            return ApiResponses.error(new ApiError(409, "NOT_READY", "Hints are available while the session is ready."));
        }
        return ApiResponses.error(ApiError.sessionNotFound());
    }
}
