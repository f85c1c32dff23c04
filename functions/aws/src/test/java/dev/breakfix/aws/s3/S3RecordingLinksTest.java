package dev.breakfix.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.AwsClients;
import dev.breakfix.local.emulators.EmbeddedS3;
import dev.breakfix.session.SessionId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The replay links the API redirects to for large recordings, against s3proxy (which checks signatures). */
class S3RecordingLinksTest {
    private static final String CAST = "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.5, \"o\", \"$ \"]\n";

    @TempDir
    static Path data;
    private static EmbeddedS3 s3proxy;
    private static S3Client s3;
    private static S3Presigner presigner;
    private static S3Recordings recordings;

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
        s3.createBucket(b -> b.bucket("links"));
        recordings = S3Recordings.builder().s3Client(s3).presigner(presigner).bucket("links").build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        presigner.close();
        s3.close();
        s3proxy.close();
    }

    @Test
    void link_shouldServeTheFinalRecordingWithoutCredentials_onceAssembled() throws Exception {
        // given
        SessionId session = SessionId.random();
        recordings.putChunk(session, 0, CAST.getBytes(StandardCharsets.UTF_8));
        S3RecordingLinks links = new S3RecordingLinks(recordings);
        assertThat(links.link(session, Duration.ofMinutes(5))).isEmpty();
        recordings.assemble(session);

        // when
        URI link = links.link(session, Duration.ofMinutes(5)).orElseThrow();

        // then
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(CAST);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-asciicast");
    }

    @Test
    void inlineLimit_shouldLeaveRoomUnderLambdasResponseLimit() {
        assertThat(new S3RecordingLinks(recordings).inlineLimitBytes()).isLessThanOrEqualTo(3 * 1024 * 1024);
    }
}
