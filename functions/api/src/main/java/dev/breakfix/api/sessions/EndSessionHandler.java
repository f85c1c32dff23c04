package dev.breakfix.api.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.EndingSession;

/** {@code DELETE /api/sessions/{id}}: end now. 202: the server is removed in the background; idempotent. */
public final class EndSessionHandler extends ApiHandler {
    private final EndingSession ending;

    public EndSessionHandler() {
        this(AwsPlatform.instance());
    }

    public EndSessionHandler(Platform p) {
        this.ending = new EndingSession(p.sessions(), p.workflows());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        EndingSession.Result result = ending.end(Requests.owner(request), Requests.sessionId(request), EndReason.USER);
        if (result instanceof EndingSession.Result.Ending e) {
            return ApiResponses.json(202, SessionJson.of(e.session()));
        }
        return ApiResponses.error(ApiError.sessionNotFound());
    }
}
