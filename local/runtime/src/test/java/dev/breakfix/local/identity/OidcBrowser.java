package dev.breakfix.local.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs in as the website does, without a browser: the authorization code flow with PKCE through the
 * runtime's {@code /oidc} (redirects followed by hand, cookies kept), the development login form, and
 * the code traded for tokens at the token endpoint. Settings come from {@code GET /api/auth/config}.
 */
public final class OidcBrowser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

    private final String origin;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** @param origin the website's origin, as the browser knows it ({@code http://localhost:PORT}) */
    public OidcBrowser(String origin) {
        this.origin = origin;
    }

    /** What signing in ended with: tokens, or the login page's answer to wrong credentials. */
    public sealed interface Outcome {
        record SignedIn(String accessToken, String idToken, String refreshToken, JsonNode idClaims) implements Outcome {}

        record Refused(int status, String page) implements Outcome {}
    }

    public Outcome signIn(String username, String password) throws Exception {
        JsonNode config = json(get(URI.create(origin + "/api/auth/config")).body());
        String verifier = base64(random(32));
        String challenge = base64(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String state = base64(random(16));
        String redirect = origin + config.get("redirectPath").asText();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", config.get("clientId").asText());
        query.put("response_type", "code");
        query.put("redirect_uri", redirect);
        query.put("scope", String.join(" ", JSON.convertValue(config.get("scopes"), String[].class)));
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        query.put("state", state);
        URI next = URI.create(config.get("authorizationEndpoint").asText() + "?" + form(query));

        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> response = get(next);
            if (response.statusCode() == 302 || response.statusCode() == 303) {
                next = next.resolve(response.headers().firstValue("Location").orElseThrow());
                if (next.toString().startsWith(redirect + "?")) {
                    return exchange(config, next, redirect, verifier, state);
                }
                continue;
            }
            Matcher action = FORM_ACTION.matcher(response.body());
            if (response.statusCode() != 200 || !action.find()) {
                throw new AssertionError("unexpected sign-in page " + response.statusCode() + ": " + response.body());
            }
            HttpResponse<String> login = post(next.resolve(action.group(1)), form(Map.of("username", username, "password", password)));
            if (login.statusCode() != 303 && login.statusCode() != 302) {
                return new Outcome.Refused(login.statusCode(), login.body());
            }
            next = next.resolve(login.headers().firstValue("Location").orElseThrow());
        }
        throw new AssertionError("signing in did not come back to the website");
    }

    private Outcome exchange(JsonNode config, URI callback, String redirect, String verifier, String state) throws Exception {
        Map<String, String> params = parse(callback.getRawQuery());
        if (!state.equals(params.get("state"))) {
            throw new AssertionError("the state came back changed");
        }
        HttpResponse<String> token = post(URI.create(config.get("tokenEndpoint").asText()), form(Map.of(
                "grant_type", "authorization_code", "code", params.get("code"), "redirect_uri", redirect,
                "client_id", config.get("clientId").asText(), "code_verifier", verifier)));
        if (token.statusCode() != 200) {
            throw new AssertionError("the token endpoint refused: " + token.body());
        }
        JsonNode tokens = json(token.body());
        String idToken = tokens.get("id_token").asText();
        JsonNode idClaims = json(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8));
        return new Outcome.SignedIn(tokens.get("access_token").asText(), idToken,
                Optional.ofNullable(tokens.get("refresh_token")).map(JsonNode::asText).orElse(null), idClaims);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            values.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
