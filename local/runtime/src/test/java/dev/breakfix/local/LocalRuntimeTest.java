package dev.breakfix.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.aws.AwsClients;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The runtime as a user meets it: one port, the real emulators, the same handlers. */
class LocalRuntimeTest {
    private static final Path CHECKOUT = Path.of("../..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path state;

    static LocalRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(config(0), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void healthz_shouldReportEveryPartOk() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("checks").toString())
                .isEqualTo("{\"dynamodb\":\"ok\",\"s3\":\"ok\"}");
    }

    @Test
    void api_shouldServeTheCatalogFromTheScenarioFolders() throws Exception {
        HttpResponse<String> response = get("/api/scenarios");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode scenarios = JSON.readTree(response.body());
        assertThat(scenarios.size()).isGreaterThanOrEqualTo(3);
        assertThat(scenarios.findValuesAsText("id")).contains("nginx-wont-start");
    }

    @Test
    void api_shouldPassPathParametersDecoded() throws Exception {
        HttpResponse<String> response = get("/api/scenarios/nginx-wont-start");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("description").asText()).contains("nginx");
    }

    @Test
    void api_shouldAnswer404WithAJsonError_forAnUnknownScenario() throws Exception {
        HttpResponse<String> response = get("/api/scenarios/%3Cscript%3E");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).isEqualTo("NOT_FOUND");
    }

    @Test
    void api_shouldAnswer404WithAJsonError_forAnUnknownRoute() throws Exception {
        HttpResponse<String> response = get("/api/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(error(response)).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void api_shouldAnswer405WithTheAllowedMethods_forAWrongMethod() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/api/scenarios")
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
        assertThat(error(response)).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void api_shouldAnswer413_whenTheBodyIsTooLarge() throws Exception {
        byte[] huge = new byte[LocalApiGateway.MAX_BODY_BYTES + 1];
        HttpResponse<String> response = HTTP.send(request("/api/scenarios")
                .method("GET", HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void start_shouldExplainClearly_whenThePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalRuntime.start(config(taken.getLocalPort()), Clock.systemUTC()))
                    .isInstanceOf(LocalStartException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void restart_shouldKeepTablesAndObjects(@TempDir Path ownState) throws Exception {
        // given a runtime that stored an item and an object
        LocalConfig config = config(0).withStateDir(ownState);
        try (LocalRuntime first = LocalRuntime.start(config, Clock.systemUTC())) {
            try (var dynamo = AwsClients.dynamoDb(first.dynamoDb()); var s3 = AwsClients.s3(first.s3())) {
                dynamo.putItem(b -> b.tableName("Counters").item(Map.of(
                        "name", AttributeValue.fromS("restart-test"), "value", AttributeValue.fromN("7"))));
                s3.putObject(b -> b.bucket(LocalRuntime.RECORDINGS_BUCKET).key("kept.cast"),
                        RequestBody.fromString("{\"version\": 2}"));
            }
        }

        // when it is started again on the same state directory
        try (LocalRuntime second = LocalRuntime.start(config, Clock.systemUTC());
                var dynamo = AwsClients.dynamoDb(second.dynamoDb());
                var s3 = AwsClients.s3(second.s3())) {
            // then both are still there
            assertThat(dynamo.getItem(b -> b.tableName("Counters")
                    .key(Map.of("name", AttributeValue.fromS("restart-test")))).item().get("value").n())
                    .isEqualTo("7");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(LocalRuntime.RECORDINGS_BUCKET).key("kept.cast"))
                    .asUtf8String()).isEqualTo("{\"version\": 2}");
        }
    }

    @Test
    void start_shouldRefuseWithTheFileAndField_whenAScenarioIsInvalid(@TempDir Path scenarios) throws Exception {
        Path folder = Files.createDirectories(scenarios.resolve("broken-one"));
        Files.writeString(folder.resolve("scenario.yaml"), "id: broken-one\ntitle: x\n");
        Files.writeString(folder.resolve("description.md"), "# x");
        LocalConfig config = config(0).withScenariosDir(scenarios);

        assertThatThrownBy(() -> LocalRuntime.start(config, Clock.systemUTC()))
                .hasMessageContaining("broken-one/scenario.yaml: field 'summary': is required");
    }

    private static LocalConfig config(int port) {
        return LocalConfig.forCheckout(CHECKOUT, port).withStateDir(state);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("error").get("code").asText();
    }
}
