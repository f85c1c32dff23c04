package dev.breakfix.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.aws.AwsClients;
import dev.breakfix.local.emulators.EmbeddedS3;
import dev.breakfix.session.SessionId;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** S3Recordings against s3proxy in-process (the S3 the local runtime uses), which checks SigV4 signatures. */
class S3RecordingsTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final String HEADER = "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1764324000}\n";

    @TempDir
    static Path data;
    private static EmbeddedS3 s3proxy;
    private static S3Client s3;
    private static S3Presigner presigner;

    private final String bucket = "recordings-" + BUCKETS.incrementAndGet();
    private final SessionId session = SessionId.random();
    private S3Recordings recordings;

    @BeforeAll
    static void startS3() throws Exception {
        s3proxy = EmbeddedS3.start(data);
        s3 = AwsClients.s3(new AwsClients.Emulator(s3proxy.endpoint(), EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY));
        presigner = S3Presigner.builder()
                .endpointOverride(s3proxy.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        presigner.close();
        s3.close();
        s3proxy.close();
    }

    private S3Recordings recordings() {
        if (recordings == null) {
            s3.createBucket(b -> b.bucket(bucket));
            recordings = S3Recordings.builder().s3Client(s3).presigner(presigner).bucket(bucket).build();
        }
        return recordings;
    }

    @Test
    void putChunk_shouldStoreTheChunkUnderItsZeroPaddedSequence_whenCalled() {
        // when
        recordings().putChunk(session, 7, bytes("[0.5, \"o\", \"$ \"]\n"));

        // then
        assertThat(keys()).containsExactly("recordings/" + session + "/chunks/00000007.cast");
    }

    @Test
    void putChunk_shouldRefuse_whenTheSequenceDoesNotFitEightDigits() {
        assertThatThrownBy(() -> recordings().putChunk(session, 100_000_000, bytes("x\n")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recordings().putChunk(session, -1, bytes("x\n")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assemble_shouldJoinTheChunksInOrderAndDeleteThem_whenTheSessionEnds() {
        // given: written out of order, and more than nine so that order is numeric, not textual
        for (int i = 11; i >= 1; i--) {
            recordings().putChunk(session, i, bytes("[" + i + ".0, \"o\", \"" + i + "\"]\n"));
        }
        recordings().putChunk(session, 0, bytes(HEADER));

        // when
        recordings().assemble(session);

        // then
        String expected = HEADER + java.util.stream.IntStream.rangeClosed(1, 11)
                .mapToObj(i -> "[" + i + ".0, \"o\", \"" + i + "\"]\n").reduce("", String::concat);
        assertThat(text(recordings().read(session))).isEqualTo(expected);
        assertThat(keys()).containsExactly("recordings/" + session + ".cast");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("recordings/" + session + ".cast"));
        assertThat(head.contentType()).isEqualTo("application/x-asciicast");
        assertThat(head.metadata()).containsEntry(S3Recordings.LAST_CHUNK, "11");
    }

    @Test
    void assemble_shouldChangeNothing_whenRunAgain() {
        // given
        recordings().putChunk(session, 0, bytes(HEADER));
        recordings().putChunk(session, 1, bytes("[1.0, \"o\", \"a\"]\n"));
        recordings().assemble(session);
        byte[] first = recordings().read(session).orElseThrow();

        // when
        recordings().assemble(session);

        // then
        assertThat(recordings().read(session)).hasValue(first);
        assertThat(keys()).containsExactly("recordings/" + session + ".cast");
    }

    @Test
    void assemble_shouldAppendOnlyTheNewChunk_whenAChunkArrivesAfterAssembly() {
        // given: assembled, then the gateway's last flush lands
        recordings().putChunk(session, 0, bytes(HEADER));
        recordings().putChunk(session, 1, bytes("[1.0, \"o\", \"a\"]\n"));
        recordings().assemble(session);
        recordings().putChunk(session, 2, bytes("[2.0, \"o\", \"b\"]\n"));

        // when
        recordings().assemble(session);

        // then
        assertThat(text(recordings().read(session)))
                .isEqualTo(HEADER + "[1.0, \"o\", \"a\"]\n[2.0, \"o\", \"b\"]\n");
        assertThat(keys()).containsExactly("recordings/" + session + ".cast");
    }

    @Test
    void assemble_shouldNotJoinAChunkTwice_whenAnEarlierAssemblyStoppedBeforeDeletingIt() {
        // given: the final object holds chunks 0-1, but chunk 1 was not deleted (a crash in between)
        recordings().putChunk(session, 0, bytes(HEADER));
        recordings().putChunk(session, 1, bytes("[1.0, \"o\", \"a\"]\n"));
        recordings().assemble(session);
        recordings().putChunk(session, 1, bytes("[1.0, \"o\", \"a\"]\n"));

        // when
        recordings().assemble(session);

        // then
        assertThat(text(recordings().read(session))).isEqualTo(HEADER + "[1.0, \"o\", \"a\"]\n");
        assertThat(keys()).containsExactly("recordings/" + session + ".cast");
    }

    @Test
    void assemble_shouldKeepEventsOnTheirOwnLines_whenAChunkEndsMidLine() {
        // given
        recordings().putChunk(session, 0, bytes(HEADER + "[0.1, \"o\", \"a\"]"));
        recordings().putChunk(session, 1, bytes("[0.2, \"o\", \"b\"]\n"));

        // when
        recordings().assemble(session);

        // then
        assertThat(text(recordings().read(session))).isEqualTo(HEADER + "[0.1, \"o\", \"a\"]\n[0.2, \"o\", \"b\"]\n");
    }

    @Test
    void assemble_shouldDoNothing_whenTheSessionRecordedNothing() {
        // when
        recordings().assemble(session);

        // then
        assertThat(keys()).isEmpty();
        assertThat(recordings().read(session)).isEmpty();
    }

    @Test
    void read_shouldJoinTheChunksWithoutWriting_whenTheSessionIsStillRunning() {
        // given
        recordings().putChunk(session, 0, bytes(HEADER));
        recordings().putChunk(session, 1, bytes("[1.0, \"o\", \"a\"]\n"));

        // when
        Optional<byte[]> read = recordings().read(session);

        // then
        assertThat(text(read)).isEqualTo(HEADER + "[1.0, \"o\", \"a\"]\n");
        assertThat(keys()).hasSize(2).noneMatch(key -> key.endsWith(session + ".cast"));
    }

    @Test
    void read_shouldBeEmpty_whenTheSessionIsUnknown() {
        assertThat(recordings().read(session)).isEmpty();
    }

    @Test
    void downloadUrl_shouldGiveALinkThatServesTheRecordingWithoutCredentials_whenAssembled() throws Exception {
        // given
        recordings().putChunk(session, 0, bytes(HEADER));
        recordings().assemble(session);

        // when
        URL url = recordings().downloadUrl(session, Duration.ofMinutes(5)).orElseThrow();

        // then
        HttpResponse<String> response = get(url.toURI());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(HEADER);
        HttpResponse<String> tampered = get(URI.create(url.toString().replace(session.value(), SessionId.random().value())));
        assertThat(tampered.statusCode()).isEqualTo(403);
    }

    @Test
    void downloadUrl_shouldBeEmpty_whenTheRecordingIsNotAssembled() {
        // given
        recordings().putChunk(session, 0, bytes(HEADER));

        // when / then
        assertThat(recordings().downloadUrl(session, Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void builder_shouldRefuse_whenTheBucketIsMissing() {
        assertThatThrownBy(() -> S3Recordings.builder().s3Client(s3).build()).isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> keys() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<byte[]> bytes) {
        return new String(bytes.orElseThrow(), StandardCharsets.UTF_8);
    }
}
