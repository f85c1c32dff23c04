package dev.breakfix.aws.s3;

import dev.breakfix.recording.RecordingLinks;
import dev.breakfix.session.SessionId;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Presigned S3 links to final recordings, for those too large for a Lambda response (6 MB, with the
 * body escaped once more inside the response's JSON): above {@link #INLINE_LIMIT_BYTES} the API
 * redirects the browser to the object instead. The browser then fetches from the bucket's origin, so
 * the bucket needs a CORS rule allowing GET from the website's origin.
 */
public final class S3RecordingLinks implements RecordingLinks {
    public static final int INLINE_LIMIT_BYTES = 1024 * 1024;

    private final S3Recordings recordings;

    public S3RecordingLinks(S3Recordings recordings) {
        this.recordings = recordings;
    }

    @Override
    public int inlineLimitBytes() {
        return INLINE_LIMIT_BYTES;
    }

    @Override
    public Optional<URI> link(SessionId session, Duration validity) {
        return recordings.downloadUrl(session, validity).map(url -> {
            try {
                return url.toURI();
            } catch (URISyntaxException e) {
                throw new IllegalStateException("S3 presigned a URL that is not a URI", e);
            }
        });
    }
}
