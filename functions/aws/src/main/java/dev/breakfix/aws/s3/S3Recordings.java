package dev.breakfix.aws.s3;

import dev.breakfix.recording.Recordings;
import dev.breakfix.session.SessionId;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Session recordings (asciicast v2) in S3.
 *
 * <p><b>Layout.</b> While a session runs, the terminal gateway writes chunks of lines to
 * {@code recordings/<sessionId>/chunks/<sequence, 8 digits>.cast}; chunk 0 starts with the header
 * line. {@link #assemble} joins them, in order, into {@code recordings/<sessionId>.cast}
 * ({@code application/x-asciicast}), the object replays and presigned links read.
 *
 * <p><b>Chunks are deleted once joined.</b> The final object records, in its metadata
 * ({@value #LAST_CHUNK}), the last chunk it holds; assembling writes it first and only then deletes the
 * chunks it joined. So assembling again is harmless: a crash between the two steps leaves chunks the
 * final object already holds (they are deleted, not joined twice), and a chunk written late (the
 * gateway's last flush) is appended. Chunks are deleted rather than left to a lifecycle rule because
 * a rule's prefix cannot skip the session id to match every session's {@code chunks/} folder, and one
 * object per session is what listing and replays want. The bucket is versioned, so a deleted
 * chunk stays recoverable until its noncurrent version expires (the bucket's {@code expire-old-versions}
 * rule, 7 days).
 *
 * <p><b>Reading.</b> {@link #read} returns the recording as completely as it is stored: the final
 * object followed by any chunk after its last, or the chunks alone while the session runs or if its
 * assembly failed (the workflow's "Close the recording" step is best effort). Recordings are joined in
 * memory, as the port deals in byte arrays; a session's terminal output is small next to a Lambda's memory.
 */
public final class S3Recordings implements Recordings {
    private static final Logger LOG = LoggerFactory.getLogger(S3Recordings.class);
    static final String CONTENT_TYPE = "application/x-asciicast";
    /** User metadata on the final object: the sequence of the last chunk it holds. */
    static final String LAST_CHUNK = "breakfix-last-chunk";
    static final int MAX_SEQUENCE = 99_999_999;
    private static final Pattern CHUNK = Pattern.compile(".*/chunks/(\\d{8})\\.cast");
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private S3Presigner presigner;
    private final String bucket;

    private S3Recordings(Builder builder) {
        if (builder.bucket == null || builder.bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is required");
        }
        this.bucket = builder.bucket;
        this.s3 = builder.s3 != null ? builder.s3 : S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        this.presigner = builder.presigner;
    }

    public static Builder builder() {
        return new Builder();
    }

    static String chunkKey(SessionId session, int sequence) {
        return String.format("recordings/%s/chunks/%08d.cast", session.value(), sequence);
    }

    static String recordingKey(SessionId session) {
        return "recordings/" + session.value() + ".cast";
    }

    @Override
    public void putChunk(SessionId session, int sequence, byte[] lines) {
        if (sequence < 0 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("a chunk's sequence is 0 to " + MAX_SEQUENCE + ", not " + sequence);
        }
        s3.putObject(b -> b.bucket(bucket).key(chunkKey(session, sequence)), RequestBody.fromBytes(lines));
    }

    @Override
    public void assemble(SessionId session) {
        List<Chunk> chunks = chunks(session);
        if (chunks.isEmpty()) {
            return;
        }
        Optional<Final> existing = finalRecording(session);
        int last = existing.map(Final::lastChunk).orElse(-1);
        List<Chunk> fresh = chunks.stream().filter(c -> c.sequence() > last).toList();
        if (!fresh.isEmpty()) {
            byte[] joined = join(existing, fresh);
            int newLast = fresh.get(fresh.size() - 1).sequence();
            s3.putObject(b -> b.bucket(bucket).key(recordingKey(session)).contentType(CONTENT_TYPE)
                    .metadata(Map.of(LAST_CHUNK, Integer.toString(newLast))), RequestBody.fromBytes(joined));
            LOG.info("recording assembled: session={}, chunks={}, lastChunk={}, bytes={}",
                    session, fresh.size(), newLast, joined.length);
        }
        delete(chunks);
    }

    @Override
    public Optional<byte[]> read(SessionId session) {
        Optional<Final> existing = finalRecording(session);
        int last = existing.map(Final::lastChunk).orElse(-1);
        List<Chunk> later = chunks(session).stream().filter(c -> c.sequence() > last).toList();
        if (existing.isEmpty() && later.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(later.isEmpty() ? existing.get().bytes() : join(existing, later));
    }

    /**
     * A link that lets a browser download the final recording for {@code validity} without credentials;
     * empty if the recording has not been assembled. The link dies earlier if the credentials that
     * signed it expire first (a Lambda role's session).
     */
    public Optional<URL> downloadUrl(SessionId session, Duration validity) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(recordingKey(session)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        return Optional.of(presigner().presignGetObject(p -> p.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(bucket).key(recordingKey(session)))).url());
    }

    /** Built on first use only: most functions never hand out links. */
    private synchronized S3Presigner presigner() {
        if (presigner == null) {
            presigner = S3Presigner.create();
        }
        return presigner;
    }

    private record Chunk(int sequence, String key) {}

    private record Final(byte[] bytes, int lastChunk) {}

    /** The session's chunks, in order (keys list in order: the sequence is zero-padded). */
    private List<Chunk> chunks(SessionId session) {
        String prefix = "recordings/" + session.value() + "/chunks/";
        List<Chunk> chunks = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            Matcher m = CHUNK.matcher(object.key());
            if (m.matches()) {
                chunks.add(new Chunk(Integer.parseInt(m.group(1)), object.key()));
            }
        }
        chunks.sort((a, b) -> Integer.compare(a.sequence(), b.sequence()));
        return chunks;
    }

    private Optional<Final> finalRecording(SessionId session) {
        try {
            var response = s3.getObjectAsBytes(b -> b.bucket(bucket).key(recordingKey(session)));
            return Optional.of(new Final(response.asByteArray(), lastChunk(response.response().metadata())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** A final object without the mark (not written by this class) is taken to hold every chunk. */
    private static int lastChunk(Map<String, String> metadata) {
        String value = metadata.get(LAST_CHUNK);
        try {
            return value == null ? Integer.MAX_VALUE : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private byte[] read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /**
     * The final recording (if any) followed by the chunks. Chunks hold whole lines, but a chunk cut
     * mid-line still must not glue two events into one line, so a missing line end is added between.
     */
    private byte[] join(Optional<Final> existing, List<Chunk> chunks) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int lastByte = '\n';
        if (existing.isPresent() && existing.get().bytes().length > 0) {
            byte[] bytes = existing.get().bytes();
            joined.writeBytes(bytes);
            lastByte = bytes[bytes.length - 1];
        }
        for (Chunk chunk : chunks) {
            byte[] bytes = read(chunk.key());
            if (bytes.length == 0) {
                continue;
            }
            if (lastByte != '\n') {
                joined.write('\n');
            }
            joined.writeBytes(bytes);
            lastByte = bytes[bytes.length - 1];
        }
        return joined.toByteArray();
    }

    private void delete(List<Chunk> chunks) {
        for (int from = 0; from < chunks.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = chunks.subList(from, Math.min(from + DELETE_BATCH, chunks.size())).stream()
                    .map(c -> ObjectIdentifier.builder().key(c.key()).build())
                    .toList();
            var response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw S3Exception.builder().message("could not delete " + response.errors().size()
                        + " joined chunks, first: " + response.errors().get(0).code()).build();
            }
        }
    }

    /** Configuration from the environment the CDK app sets; the client is built only if none is given. */
    public static final class Builder {
        private S3Client s3;
        private S3Presigner presigner;
        private String bucket;

        private Builder() {}

        public Builder s3Client(S3Client s3) {
            this.s3 = s3;
            return this;
        }

        /** Used only by {@link #downloadUrl}; without one, a default presigner is built on first use. */
        public Builder presigner(S3Presigner presigner) {
            this.presigner = presigner;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        public S3Recordings build() {
            return new S3Recordings(this);
        }
    }
}
