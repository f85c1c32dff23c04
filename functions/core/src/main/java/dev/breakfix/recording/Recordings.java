package dev.breakfix.recording;

import dev.breakfix.session.SessionId;
import java.util.Optional;

/**
 * Session recordings in asciicast v2 (S3 on AWS, s3proxy locally). The gateway writes numbered chunks
 * while the session runs, so a crash loses at most one chunk; the end of the session joins them.
 */
public interface Recordings {

    /** Stores one chunk of asciicast lines; chunk 0 starts with the header line. */
    void putChunk(SessionId session, int sequence, byte[] lines);

    /** Joins the chunks into the final recording; idempotent. */
    void assemble(SessionId session);

    /** The final recording, if there is one. */
    Optional<byte[]> read(SessionId session);
}
