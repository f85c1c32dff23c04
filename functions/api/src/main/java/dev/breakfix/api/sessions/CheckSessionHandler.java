package dev.breakfix.api.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiException;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.CheckingSolution;
import dev.breakfix.session.CheckingSolution.Result;
import dev.breakfix.session.EndingSession;

/** {@code POST /api/sessions/{id}/check [{endWhenSolved}]}: runs the scenario's check now. */
public final class CheckSessionHandler extends ApiHandler {
    private final CheckingSolution checking;

    public CheckSessionHandler() {
        this(AwsPlatform.instance());
    }

    public CheckSessionHandler(Platform p) {
        this.checking = new CheckingSolution(p.catalog(), p.sessions(), p.routes(), p.checks(),
                new EndingSession(p.sessions(), p.workflows()), p.clock());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        JsonNode body = Requests.jsonBody(request, true);
        JsonNode endWhenSolved = body.path("endWhenSolved");
        if (!endWhenSolved.isMissingNode() && !endWhenSolved.isBoolean()) {
            throw new ApiException(ApiError.badRequest("BAD_REQUEST", "endWhenSolved must be true or false."));
        }
        Result result = checking.check(Requests.owner(request), Requests.sessionId(request), endWhenSolved.asBoolean(false));
        if (result instanceof Result.Checked checked) {
            return ApiResponses.json(200, ApiResponses.JSON.createObjectNode()
                    .put("solved", checked.solved())
                    .put("message", checked.message())
                    .put("ending", checked.ending()));
        }
        if (result instanceof Result.NotReady notReady) {
            return ApiResponses.error(new ApiError(409, "NOT_READY",
                    "The server is not ready (the session is " + notReady.state().name().toLowerCase() + ")."));
        }
        if (result instanceof Result.TooSoon tooSoon) {
            return ApiResponses.error(new ApiError(429, "TOO_MANY_CHECKS",
                    "Checks are limited to one every " + CheckingSolution.MIN_INTERVAL.toSeconds() + " seconds.")
                    .withDetail("retryAfterSeconds", Long.toString(tooSoon.retryAfterSeconds())));
        }
        return ApiResponses.error(ApiError.sessionNotFound());
    }
}
