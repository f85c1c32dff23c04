package dev.breakfix.api.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.ViewingSessions;
import java.util.Map;

/** {@code GET /api/sessions/{id}}: where one of the caller's sessions stands. */
public final class GetSessionHandler extends ApiHandler {
    private final ViewingSessions viewing;

    public GetSessionHandler() {
        this(AwsPlatform.instance());
    }

    public GetSessionHandler(Platform p) {
        this.viewing = new ViewingSessions(p.sessions());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        return viewing.get(Requests.owner(request), Requests.sessionId(request))
                .map(s -> ApiResponses.json(200, SessionJson.of(s), Map.of("Cache-Control", "no-store")))
                .orElseGet(() -> ApiResponses.error(ApiError.sessionNotFound()));
    }
}
