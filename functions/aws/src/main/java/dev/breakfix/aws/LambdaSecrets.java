package dev.breakfix.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Reads a secret through the AWS Parameters and Secrets Lambda Extension (a local HTTP endpoint the
 * extension layer serves and caches), so functions need no Secrets Manager SDK in their jar.
 *
 * <p>Over {@link HttpURLConnection}, which the SDK's url-connection client has loaded already:
 * {@code java.net.http.HttpClient} cost about 190 ms of class loading and start-up in a cold start
 * (docs/benchmarks.md) for one GET on the loopback.
 */
public final class LambdaSecrets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_PORT = 2773;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, String> environment;

    public LambdaSecrets(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The secret's string value; fails loudly (at init, not per request) if the extension cannot give it. */
    public String secretString(String secretId) {
        String port = environment.getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(DEFAULT_PORT));
        URI uri = URI.create("http://localhost:" + port + "/secretsmanager/get?secretId="
                + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            connection.setRequestProperty("X-Aws-Parameters-Secrets-Token", environment.getOrDefault("AWS_SESSION_TOKEN", ""));
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IllegalStateException("the secrets extension answered " + status);
            }
            try (InputStream body = connection.getInputStream()) {
                return JSON.readTree(body).path("SecretString").asText();
            }
        } catch (IOException e) {
            throw new IllegalStateException("the secrets extension is not reachable", e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
