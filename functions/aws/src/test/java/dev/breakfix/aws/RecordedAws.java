package dev.breakfix.aws;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * For adapter tests at the HTTP level: SDK clients pointed at a WireMock server (and the credentials and
 * region for {@code Ec2QueryClient}, which is not an SDK client), the recorded AWS answers under
 * {@code src/test/resources/recorded/}, and the requests the adapters sent, decoded. Clients do not
 * retry, so every request an adapter makes is one request WireMock sees.
 */
public final class RecordedAws {
    /** The fixed credentials and region every test client signs with. */
    public static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    public static final Region REGION = Region.US_EAST_1;

    private RecordedAws() {}

    public static SfnClient sfn(String baseUrl) {
        return pointedAt(SfnClient.builder(), baseUrl);
    }

    public static SecretsManagerClient secretsManager(String baseUrl) {
        return pointedAt(SecretsManagerClient.builder(), baseUrl);
    }

    /** Any service's client, sent to WireMock with fixed credentials and no retries. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C pointedAt(B builder,
            String baseUrl) {
        return builder
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(baseUrl))
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A loopback address with a port nothing listens on, for an adapter's "no answer" case. */
    public static String unreachableBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recorded response body, e.g. {@code ec2/run-instances.xml}. */
    public static String recorded(String path) {
        try (InputStream in = RecordedAws.class.getResourceAsStream("/recorded/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded response " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parameters of an EC2 Query request ({@code application/x-www-form-urlencoded}), in order. */
    public static Map<String, String> form(LoggedRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
