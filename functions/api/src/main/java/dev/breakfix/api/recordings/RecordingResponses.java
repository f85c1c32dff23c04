package dev.breakfix.api.recordings;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.recording.RecordingLinks;
import dev.breakfix.session.SessionId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a recording is answered: the asciicast itself ({@code application/x-asciicast}) when it fits in a
 * response, else a 302 to a short-lived link to the stored object. A large recording that is not yet
 * stored whole (its session still runs) has no link: 409, try again when the session is over.
 */
final class RecordingResponses {
    static final String CONTENT_TYPE = "application/x-asciicast";
    static final Duration LINK_VALIDITY = Duration.ofMinutes(5);

    private RecordingResponses() {}

    static APIGatewayProxyResponseEvent answer(SessionId session, byte[] asciicast, RecordingLinks links,
            String cacheControl) {
        if (asciicast.length <= links.inlineLimitBytes()) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", CONTENT_TYPE + "; charset=utf-8");
            headers.put("Content-Disposition", "inline; filename=\"" + session.value() + ".cast\"");
            headers.put("Cache-Control", cacheControl);
            headers.put("X-Content-Type-Options", "nosniff");
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(200)
                    .withHeaders(headers)
                    .withBody(new String(asciicast, StandardCharsets.UTF_8))
                    .withIsBase64Encoded(false);
        }
        Optional<URI> link = links.link(session, LINK_VALIDITY);
        if (link.isPresent()) {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(302)
                    .withHeaders(Map.of("Location", link.get().toString(), "Cache-Control", "no-store"))
                    .withBody("");
        }
        return ApiResponses.error(new ApiError(409, "RECORDING_NOT_READY",
                "This recording is large and still being written. It can be watched once the session has ended."));
    }
}
