package dev.breakfix.local.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The session API as the website calls it: plain HTTP to the runtime's port, JSON in and out. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An answer: status and parsed body (an empty object for an empty body). */
    public record Answer(int status, JsonNode body) {
        public String errorCode() {
            return body.path("error").path("code").asText();
        }
    }

    public String anonymousToken() {
        Answer issued = send("POST", "/api/auth/anonymous", null, Optional.empty());
        if (issued.status() != 201) {
            throw new AssertionError("no anonymous token: " + issued);
        }
        return issued.body().path("token").asText();
    }

    public Answer start(String token, String scenarioId) {
        return send("POST", "/api/sessions", token, Optional.of("{\"scenarioId\":\"" + scenarioId + "\"}"));
    }

    /** Starts a session and returns its id; fails the test if the API refuses. */
    public String started(String token, String scenarioId) {
        Answer answer = start(token, scenarioId);
        if (answer.status() != 202) {
            throw new AssertionError("the session did not start: " + answer);
        }
        return answer.body().path("id").asText();
    }

    public Answer get(String token, String id) {
        return send("GET", "/api/sessions/" + id, token, Optional.empty());
    }

    public Answer list(String token) {
        return send("GET", "/api/sessions", token, Optional.empty());
    }

    public Answer check(String token, String id, boolean endWhenSolved) {
        return send("POST", "/api/sessions/" + id + "/check", token,
                Optional.of("{\"endWhenSolved\":" + endWhenSolved + "}"));
    }

    public Answer end(String token, String id) {
        return send("DELETE", "/api/sessions/" + id, token, Optional.empty());
    }

    /** Waits until the session is in one of {@code states}; returns it as the API shows it. */
    public JsonNode awaitState(String token, String id, Set<String> states, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        try {
            return Eventually.await("session " + id + " in " + states, timeout, () -> {
                JsonNode session = get(token, id).body();
                last[0] = session;
                return states.contains(session.path("state").asText()) ? Optional.of(session) : Optional.empty();
            });
        } catch (AssertionError e) {
            JsonNode execution = send("GET", "/local/executions/" + id, null, Optional.empty()).body();
            StringBuilder steps = new StringBuilder();
            execution.path("steps").forEach(step -> steps.append("\n  ").append(step.path("state").asText())
                    .append(" ").append(step.path("errors")));
            throw new AssertionError(e.getMessage() + "; the session: " + last[0] + "; its execution "
                    + execution.path("status").asText() + ":" + steps, e);
        }
    }

    /** Ends the session and waits until it is over. */
    public JsonNode endAndAwait(String token, String id) {
        Answer ended = end(token, id);
        if (ended.status() != 202) {
            throw new AssertionError("the session did not end: " + ended);
        }
        return awaitState(token, id, Set.of("ENDED", "FAILED"), Duration.ofSeconds(60));
    }

    public Answer send(String method, String path, String token, Optional<String> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(b -> request.header("Content-Type", "application/json"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return exchange(request.build());
    }

    /** A GET of any path of the runtime, with an Accept header. */
    public HttpResponse<String> getRaw(String path, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
