package dev.breakfix.api.recordings;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.recording.RecordingLinks;
import dev.breakfix.recording.ViewingRecordings;
import dev.breakfix.recording.ViewingRecordings.Result;
import dev.breakfix.session.SessionId;

/**
 * {@code GET /api/replays/{id}}, without sign-in: the recording of a session that is over, when its
 * scenario's replays are public. Anything else is the same 404, so the answer never tells whether a
 * session exists.
 */
public final class GetReplayHandler extends ApiHandler {
    private final ViewingRecordings viewing;
    private final RecordingLinks links;

    public GetReplayHandler() {
        this(AwsPlatform.instance());
    }

    public GetReplayHandler(Platform p) {
        this.viewing = new ViewingRecordings(p.sessions(), p.catalog(), p.recordings());
        this.links = p.recordingLinks();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        String raw = pathParameter(request, "id").orElse("");
        if (!SessionId.isValid(raw)) {
            return notFound();
        }
        SessionId id = new SessionId(raw);
        if (viewing.publicReplay(id) instanceof Result.Found found) {
            return RecordingResponses.answer(id, found.asciicast(), links, "public, max-age=300");
        }
        return notFound();
    }

    private static APIGatewayProxyResponseEvent notFound() {
        return ApiResponses.error(ApiError.notFound("There is no such replay."));
    }
}
