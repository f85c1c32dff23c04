package dev.breakfix.recording;

import dev.breakfix.session.SessionId;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How a recording too large for an API response reaches the browser: a short-lived link to the stored
 * object (a presigned S3 URL on AWS, where a Lambda response is limited to 6 MB). Where responses have
 * no such limit (the local runtime), {@link #none()} serves every recording inline.
 */
public interface RecordingLinks {

    /** Recordings up to this many bytes are sent in the response itself. */
    int inlineLimitBytes();

    /** A link to the session's final recording, valid for {@code validity}; empty until it is stored whole. */
    Optional<URI> link(SessionId session, Duration validity);

    /** No links: every recording is sent inline. */
    static RecordingLinks none() {
        return new RecordingLinks() {
            @Override
            public int inlineLimitBytes() {
                return Integer.MAX_VALUE;
            }

            @Override
            public Optional<URI> link(SessionId session, Duration validity) {
                return Optional.empty();
            }
        };
    }
}
