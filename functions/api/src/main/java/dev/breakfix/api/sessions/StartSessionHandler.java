package dev.breakfix.api.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.StartingSession;
import dev.breakfix.session.StartingSession.Result;
import java.util.Map;

/** {@code POST /api/sessions {scenarioId}}: starts an attempt; 202 while the server comes up. */
public final class StartSessionHandler extends ApiHandler {
    private final StartingSession starting;

    public StartSessionHandler() {
        this(AwsPlatform.instance());
    }

    public StartSessionHandler(Platform p) {
        this.starting = new StartingSession(p.catalog(), p.sessions(), p.activeSessions(), p.serverSlots(),
                p.maxRunningServers(), p.workflows(), p.clock());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        var owner = Requests.owner(request);
        String scenarioId = Requests.requiredText(Requests.jsonBody(request, false), "scenarioId");
        Result result = starting.start(new StartingSession.Command(owner, scenarioId));
        if (result instanceof Result.Started started) {
            return ApiResponses.json(202, SessionJson.of(started.session()),
                    Map.of("Location", "/api/sessions/" + started.session().id().value()));
        }
        if (result instanceof Result.ActiveSessionExists exists) {
            return ApiResponses.error(new ApiError(409, "ACTIVE_SESSION_EXISTS",
                    "You already have a session running. End it before starting another.")
                    .withDetail("sessionId", exists.active().value()));
        }
        if (result instanceof Result.CandidateRequired) {
            return ApiResponses.error(ApiError.badRequest("CANDIDATE_REQUIRED",
                    "Name the candidate this session is for in the X-Candidate header."));
        }
        if (result instanceof Result.NoCapacity) {
            return ApiResponses.error(new ApiError(429, "CAPACITY",
                    "All servers are busy right now. Please try again in a few minutes.")
                    .withDetail("retryAfterSeconds", "60"));
        }
        return ApiResponses.error(new ApiError(404, "SCENARIO_NOT_FOUND", "There is no scenario with that id."));
    }
}
