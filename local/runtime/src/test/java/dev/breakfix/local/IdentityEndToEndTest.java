package dev.breakfix.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.local.identity.OidcBrowser;
import dev.breakfix.local.support.ApiClient;
import dev.breakfix.local.support.ApiClient.Answer;
import dev.breakfix.local.support.Eventually;
import dev.breakfix.local.support.PlatformState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what, through the real runtime: the local OIDC provider signing alice in (authorization
 * code and PKCE, through /oidc on the runtime's port), the caller authorizer checking her JWT, bob
 * kept out of her session, partners' keys with their throttle and daily quota as the local gateway
 * enforces them, partner Q kept out of partner P's sessions, and the OpenAPI document served.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IdentityEndToEndTest {
    static final Path CHECKOUT = Path.of("../..").toAbsolutePath().normalize();
    private static final String SCENARIO = "nginx-wont-start";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path state;

    static LocalRuntime runtime;
    static ApiClient api;
    static PlatformState platform;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(LocalConfig.forCheckout(CHECKOUT, 0).withStateDir(state), Clock.systemUTC());
        api = new ApiClient(runtime.port());
        platform = new PlatformState(CHECKOUT, state).using(runtime.dynamoDb());
    }

    @AfterAll
    static void stop() {
        runtime.close();
        platform.terminateAllServers();
        platform.close();
    }

    /** A browser of its own (no provider session yet), on the origin the website is opened at. */
    static OidcBrowser freshBrowser() {
        return new OidcBrowser("http://localhost:" + runtime.port());
    }

    /** What {@code ./breakfix token USER} does: the provider's development endpoint, with the state's secret. */
    static String devToken(String user) throws Exception {
        JsonNode provider = JSON.readTree(Files.readString(state.resolve("oidc/provider.json")));
        String secret = Files.readString(state.resolve("oidc/dev-secret")).strip();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + provider.get("port").asInt() + "/dev/token"))
                .header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("access_token").asText();
    }

    /** What {@code ./breakfix partner-key create} prints: the key alone on standard output. */
    static String partnerKey(String name, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "create", name));
        args.addAll(List.of(options));
        int status = PartnerKeyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    static HttpResponse<String> asPartner(String method, String path, String key, String candidate, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("x-api-key", key);
        if (candidate != null) {
            request.header("X-Candidate", candidate);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void alice_shouldSignInWithPkce_startASessionAndReadIt_whileBobGets404() throws Exception {
        // given alice signed in through the local provider, as the website does it
        OidcBrowser.Outcome outcome = freshBrowser().signIn("alice", "wonderland");
        assertThat(outcome).isInstanceOf(OidcBrowser.Outcome.SignedIn.class);
        OidcBrowser.Outcome.SignedIn alice = (OidcBrowser.Outcome.SignedIn) outcome;
        assertThat(alice.idClaims().get("preferred_username").asText()).isEqualTo("alice");
        assertThat(alice.refreshToken()).isNotBlank();
        // and bob, with a token as ./breakfix token bob prints it
        String bob = devToken("bob");

        // when alice starts a session and reads it
        Answer started = api.start(alice.accessToken(), SCENARIO);
        assertThat(started.status()).isEqualTo(202);
        String id = started.body().get("id").asText();
        try {
            assertThat(api.get(alice.accessToken(), id).status()).isEqualTo(200);
            assertThat(api.list(alice.accessToken()).body().get("items")).extracting(s -> s.get("id").asText()).contains(id);

            // then bob cannot see, check, end or replay it: it does not exist for him
            Answer bobSees = api.get(bob, id);
            assertThat(bobSees.status()).isEqualTo(404);
            assertThat(bobSees.errorCode()).isEqualTo("NOT_FOUND");
            assertThat(api.check(bob, id, false).status()).isEqualTo(404);
            assertThat(api.end(bob, id).status()).isEqualTo(404);
            assertThat(api.send("GET", "/api/sessions/" + id + "/recording", bob, Optional.empty()).status()).isEqualTo(404);
            assertThat(api.send("POST", "/api/sessions/" + id + "/terminal", bob, Optional.empty()).status()).isEqualTo(404);
            assertThat(api.list(bob).body().get("items")).isEmpty();
            assertThat(api.get(alice.accessToken(), id).body().get("state").asText()).isNotIn("ENDED", "FAILED");
        } finally {
            api.endAndAwait(alice.accessToken(), id);
        }
    }

    @Test
    void signIn_shouldRefuseWrongPasswordsAndUnknownUsers_withTheSameAnswer() throws Exception {
        OidcBrowser.Outcome wrongPassword = freshBrowser().signIn("alice", "not-her-password");
        OidcBrowser.Outcome unknownUser = freshBrowser().signIn("mallory", "wonderland");

        assertThat(wrongPassword).isInstanceOfSatisfying(OidcBrowser.Outcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.page()).contains("Wrong username or password.");
        });
        assertThat(unknownUser).isInstanceOfSatisfying(OidcBrowser.Outcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.page()).contains("Wrong username or password.");
        });
    }

    @Test
    void api_shouldAnswer401_forGarbageTokensAndWrongKeys() throws Exception {
        assertThat(api.list("garbage").status()).isEqualTo(401);
        assertThat(api.list("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.").status()).isEqualTo(401);
        HttpResponse<String> wrongKey = asPartner("GET", "/api/sessions", "bfx" + "0".repeat(40), null, null);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(json(wrongKey).path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void partnerQ_shouldNotSeePartnerPsSessions_whilePSeesAllItCreated() throws Exception {
        String p = partnerKey("Partner P");
        String q = partnerKey("Partner Q");

        // P starts a session for its candidate "ann"; without a candidate it is told to name one
        assertThat(json(asPartner("POST", "/api/sessions", p, null, "{\"scenarioId\":\"" + SCENARIO + "\"}"))
                .path("error").path("code").asText()).isEqualTo("CANDIDATE_REQUIRED");
        HttpResponse<String> started = asPartner("POST", "/api/sessions", p, "ann", "{\"scenarioId\":\"" + SCENARIO + "\"}");
        assertThat(started.statusCode()).isEqualTo(202);
        String id = json(started).get("id").asText();
        try {
            // P reaches it whichever candidate it names, and lists it
            assertThat(asPartner("GET", "/api/sessions/" + id, p, "ben", null).statusCode()).isEqualTo(200);
            JsonNode listed = json(asPartner("GET", "/api/sessions", p, null, null));
            assertThat(listed.get("items")).singleElement().satisfies(s -> {
                assertThat(s.get("id").asText()).isEqualTo(id);
                assertThat(s.get("candidate").asText()).isEqualTo("ann");
            });
            // Q does not, even naming the same candidate
            assertThat(asPartner("GET", "/api/sessions/" + id, q, "ann", null).statusCode()).isEqualTo(404);
            assertThat(asPartner("DELETE", "/api/sessions/" + id, q, "ann", null).statusCode()).isEqualTo(404);
            assertThat(json(asPartner("GET", "/api/sessions", q, null, null)).get("items")).isEmpty();
            assertThat(json(asPartner("GET", "/api/sessions", q, "ann", null)).get("items")).isEmpty();
        } finally {
            assertThat(asPartner("DELETE", "/api/sessions/" + id, p, null, null).statusCode()).isEqualTo(202);
            Eventually.awaitTrue("P's session over", Duration.ofSeconds(60), () -> {
                try {
                    return Set.of("ENDED", "FAILED").contains(json(asPartner("GET", "/api/sessions/" + id, p, null, null))
                            .path("state").asText());
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void partnerKey_shouldBeRefusedWith429_overItsDailyQuota() throws Exception {
        String key = partnerKey("Small quota", "--quota", "3");

        for (int i = 0; i < 3; i++) {
            assertThat(asPartner("GET", "/api/sessions", key, null, null).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> over = asPartner("GET", "/api/sessions", key, null, null);

        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(json(over).path("error").path("code").asText()).isEqualTo("QUOTA");
        long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 24L * 3600);
    }

    @Test
    void partnerKey_shouldBeThrottledWith429_overItsRate() throws Exception {
        // one request a second, two at once
        String key = partnerKey("Slow", "--rate", "1");

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 4; i++) {
            last = asPartner("GET", "/api/sessions", key, null, null);
            statuses.add(last.statusCode());
        }

        assertThat(statuses).startsWith(200, 200).contains(429);
        assertThat(json(last).path("error").path("code").asText()).isEqualTo("THROTTLED");
        assertThat(last.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void signInSettings_andTheOpenApiDocument_shouldBeServed() throws Exception {
        JsonNode config = api.send("GET", "/api/auth/config", null, Optional.empty()).body();
        assertThat(config.get("enabled").asBoolean()).isTrue();
        assertThat(config.get("issuer").asText()).isEqualTo("http://localhost:" + runtime.port() + "/oidc");
        assertThat(config.get("clientId").asText()).isEqualTo("breakfix-website");

        HttpResponse<String> docs = api.getRaw("/docs/openapi.yaml", "application/yaml");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(docs.body()).startsWith("openapi: 3.");
    }

    @Test
    void devTokenEndpoint_shouldNotBeReachableThroughTheRuntimesPort() throws Exception {
        HttpResponse<String> viaRuntime = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.port() + "/oidc/../dev/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> viaMount = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.port() + "/oidc/dev/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(viaRuntime.body()).doesNotContain("access_token");
        assertThat(viaMount.body()).doesNotContain("access_token");
        assertThat(Map.of("runtime", viaRuntime.statusCode(), "mount", viaMount.statusCode()))
                .allSatisfy((where, status) -> assertThat(status).isGreaterThanOrEqualTo(400));
    }
}
