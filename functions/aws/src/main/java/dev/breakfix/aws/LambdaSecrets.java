package dev.breakfix.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Reads a secret through the AWS Parameters and Secrets Lambda Extension (a local HTTP endpoint the
 * extension layer serves and caches), so functions need no Secrets Manager SDK in their jar.
 */
public final class LambdaSecrets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_PORT = 2773;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> environment;

    public LambdaSecrets(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The secret's string value; fails loudly (at init, not per request) if the extension cannot give it. */
    public String secretString(String secretId) {
        String port = environment.getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(DEFAULT_PORT));
        URI uri = URI.create("http://localhost:" + port + "/secretsmanager/get?secretId="
                + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("X-Aws-Parameters-Secrets-Token", environment.getOrDefault("AWS_SESSION_TOKEN", ""))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the secrets extension answered " + response.statusCode());
            }
            return JSON.readTree(response.body()).path("SecretString").asText();
        } catch (IOException e) {
            throw new IllegalStateException("the secrets extension is not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a secret", e);
        }
    }
}
