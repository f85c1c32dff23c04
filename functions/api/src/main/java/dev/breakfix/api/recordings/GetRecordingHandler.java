package dev.breakfix.api.recordings;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.recording.RecordingLinks;
import dev.breakfix.recording.ViewingRecordings;
import dev.breakfix.recording.ViewingRecordings.Result;
import dev.breakfix.session.SessionId;

/**
 * {@code GET /api/sessions/{id}/recording}: the caller's own recording (asciicast v2), whatever the
 * scenario's replay setting; while the session runs, what is stored so far.
 */
public final class GetRecordingHandler extends ApiHandler {
    private final ViewingRecordings viewing;
    private final RecordingLinks links;

    public GetRecordingHandler() {
        this(AwsPlatform.instance());
    }

    public GetRecordingHandler(Platform p) {
        this.viewing = new ViewingRecordings(p.sessions(), p.catalog(), p.recordings());
        this.links = p.recordingLinks();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        SessionId id = Requests.sessionId(request);
        Result result = viewing.own(Requests.owner(request), id);
        if (result instanceof Result.Found found) {
            return RecordingResponses.answer(id, found.asciicast(), links, "private, no-store");
        }
        if (result instanceof Result.NoRecording) {
            return ApiResponses.error(new ApiError(404, "RECORDING_NOT_FOUND",
                    "There is no recording of this session: no terminal was opened (yet)."));
        }
        return ApiResponses.error(ApiError.sessionNotFound());
    }
}
