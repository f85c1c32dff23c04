package dev.breakfix.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.support.ApiClient;
import dev.breakfix.local.support.ApiClient.Answer;
import dev.breakfix.local.support.Eventually;
import dev.breakfix.local.support.PlatformState;
import dev.breakfix.local.support.ServerShell;
import dev.breakfix.ssh.ExecResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's whole life through HTTP, as the website lives it: the real runtime (dynalite, the ASL
 * runner, LXC servers, SSH checks), a fresh state directory, anonymous tokens. And bad input, which
 * gets the documented answer and leaves nothing half-written.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SessionsEndToEndTest {
    static final Path CHECKOUT = Path.of("../..").toAbsolutePath().normalize();
    private static final String SCENARIO = "nginx-wont-start";
    private static final Duration STARTUP = Duration.ofSeconds(60);

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

    @AfterEach
    void nothingIsLeftRunning() {
        // every test ends what it started: no server, no slot, no lock outlives it
        Eventually.awaitTrue("no server, slot or lock left", Duration.ofSeconds(30), () ->
                platform.serverFolders().isEmpty() && platform.runningServers() == 0 && platform.locks().isEmpty());
        assertThat(platform.containers()).isEmpty();
    }

    @Test
    void session_shouldGoFromRequestedToSolvedAndEnded_throughTheApi() throws Exception {
        // given an anonymous visitor
        String token = api.anonymousToken();

        // when they start a session, it is REQUESTED at once and READY shortly after
        Answer started = api.start(token, SCENARIO);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.body().path("state").asText()).isEqualTo("REQUESTED");
        assertThat(started.body().path("progress").path("of").asInt()).isEqualTo(4);
        String id = started.body().path("id").asText();
        List<String> seen = new ArrayList<>();
        JsonNode ready = Eventually.await("READY", STARTUP, () -> {
            JsonNode s = api.get(token, id).body();
            String st = s.path("state").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(st)) {
                seen.add(st);
            }
            return st.equals("READY") ? Optional.of(s) : Optional.empty();
        });
        assertThat(seen).isSubsetOf("REQUESTED", "LAUNCHING", "BOOTING", "READY").endsWith("READY");
        assertThat(ready.path("expiresAt").asText()).isNotEmpty();
        assertThat(platform.serversOf(id)).hasSize(1);
        assertThat(platform.runningServers()).isEqualTo(1);

        // then the check fails on the broken server
        Answer firstCheck = api.check(token, id, false);
        Instant firstCheckAt = Instant.now();
        assertThat(firstCheck.status()).isEqualTo(200);
        assertThat(firstCheck.body().path("solved").asBoolean()).isFalse();
        assertThat(firstCheck.body().path("message").asText()).contains("nginx");

        // when the scenario's reference fix runs on the server, as root over SSH with the session's keys
        String address = platform.address(id).orElseThrow();
        ExecResult fix = ServerShell.runSolution(CHECKOUT, state, id, SCENARIO, address);
        assertThat(fix.exitCode()).as("solution.sh: %s %s", fix.stdout(), fix.stderr()).isZero();

        // then the next check passes and, as asked, ends the session
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstCheckAt.plusSeconds(5).plusMillis(200)).toMillis()));
        Answer solved = api.check(token, id, true);
        assertThat(solved.status()).isEqualTo(200);
        assertThat(solved.body().path("solved").asBoolean()).isTrue();
        assertThat(solved.body().path("ending").asBoolean()).isTrue();
        JsonNode ended = api.awaitState(token, id, Set.of("ENDED", "FAILED"), STARTUP);
        assertThat(ended.path("state").asText()).isEqualTo("ENDED");
        assertThat(ended.path("endReason").asText()).isEqualTo("SOLVED_AND_ENDED");
        assertThat(ended.path("solved").asBoolean()).isTrue();
        assertThat(ended.path("checks").asInt()).isEqualTo(2);
        assertThat(ended.path("timeToSolveSeconds").isNumber()).isTrue();

        // and the server is gone, the slot and the lock released: a new session can start
        assertThat(platform.serversOf(id)).isEmpty();
        assertThat(platform.containers()).isEmpty();
        Eventually.awaitTrue("slot and lock released", Duration.ofSeconds(10),
                () -> platform.runningServers() == 0 && platform.locks().isEmpty());
        assertThat(platform.sessionItem(id)).doesNotContainKeys("inFlight", "slotHeld", "waitToken");
        String next = api.started(token, SCENARIO);
        api.awaitState(token, next, Set.of("READY"), STARTUP);
        assertThat(api.endAndAwait(token, next).path("endReason").asText()).isEqualTo("USER");
    }

    @Test
    void start_shouldAnswer404AndWriteNothing_whenTheScenarioIsUnknown() {
        String token = api.anonymousToken();

        Answer answer = api.start(token, "no-such-scenario");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("SCENARIO_NOT_FOUND");
        assertThat(api.list(token).body().path("items")).isEmpty();
        assertThat(platform.locks()).isEmpty();
        assertThat(platform.runningServers()).isZero();
    }

    @Test
    void start_shouldAnswer400AndWriteNothing_whenTheBodyIsMalformedJson() {
        String token = api.anonymousToken();

        Answer answer = api.send("POST", "/api/sessions", token, Optional.of("{\"scenarioId\": \"nginx-wont-start\""));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("MALFORMED_JSON");
        assertThat(answer.body().toString()).doesNotContain("Exception", "at dev.breakfix");
        assertThat(api.list(token).body().path("items")).isEmpty();
        assertThat(platform.locks()).isEmpty();
    }

    @Test
    void start_shouldAnswer409NamingTheActiveSession_whenTheCallerHasOne() {
        // given a visitor with a session under way
        String token = api.anonymousToken();
        String first = api.started(token, SCENARIO);

        // when they start another
        Answer second = api.start(token, SCENARIO);

        // then they are told which one is active, and nothing else was created
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("ACTIVE_SESSION_EXISTS");
        assertThat(second.body().path("error").path("sessionId").asText()).isEqualTo(first);
        assertThat(api.list(token).body().path("items")).extracting(item -> item.path("id").asText())
                .containsExactly(first);
        assertThat(platform.locks()).hasSize(1);
        api.endAndAwait(token, first);
    }

    @Test
    void sessions_shouldAnswer404AndChangeNothing_forSomeoneElsesSession() {
        // given alice's running session and bob, another anonymous visitor
        String alice = api.anonymousToken();
        String bob = api.anonymousToken();
        String id = api.started(alice, SCENARIO);
        api.awaitState(alice, id, Set.of("READY"), STARTUP);

        // when bob reads, checks, asks for hints, extends and ends it
        List<Answer> answers = List.of(api.get(bob, id), api.check(bob, id, true),
                api.send("POST", "/api/sessions/" + id + "/hints", bob, Optional.empty()),
                api.send("POST", "/api/sessions/" + id + "/extend", bob, Optional.empty()),
                api.end(bob, id));

        // then each time it does not exist for him, and alice's session is as it was
        assertThat(answers).extracting(Answer::status).containsOnly(404);
        assertThat(answers).extracting(Answer::errorCode).containsOnly("NOT_FOUND");
        JsonNode untouched = api.get(alice, id).body();
        assertThat(untouched.path("state").asText()).isEqualTo("READY");
        assertThat(untouched.path("checks").asInt()).isZero();
        assertThat(untouched.path("hintsRevealed").asInt()).isZero();
        assertThat(untouched.path("endRequested").asBoolean()).isFalse();
        assertThat(api.list(bob).body().path("items")).isEmpty();
        api.endAndAwait(alice, id);
    }

    @Test
    void check_shouldAnswer429_whenChecksComeTooFast_and409_onceTheSessionIsOver() {
        String token = api.anonymousToken();
        String id = api.started(token, SCENARIO);
        api.awaitState(token, id, Set.of("READY"), STARTUP);

        Answer first = api.check(token, id, false);
        Answer tooSoon = api.check(token, id, false);

        assertThat(first.status()).isEqualTo(200);
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.errorCode()).isEqualTo("TOO_MANY_CHECKS");
        assertThat(tooSoon.body().path("error").path("retryAfterSeconds").asInt()).isBetween(1, 5);
        assertThat(api.get(token, id).body().path("checks").asInt()).isEqualTo(1);

        api.endAndAwait(token, id);
        Answer over = api.check(token, id, false);
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorCode()).isEqualTo("NOT_READY");
    }

    @Test
    void executions_shouldShowEachStateOfASession_asJsonAndAsAPage() {
        // given a session that started and ended
        String token = api.anonymousToken();
        String id = api.started(token, SCENARIO);
        api.awaitState(token, id, Set.of("READY"), STARTUP);
        api.endAndAwait(token, id);

        // when an operator on this machine looks at its execution, once it has closed (the session is
        // marked ENDED by the execution's last task, a moment before the execution itself ends)
        Eventually.awaitTrue("the execution closed", Duration.ofSeconds(10), () -> !"RUNNING".equals(
                api.send("GET", "/local/executions/" + id, null, Optional.empty()).body().path("status").asText()));
        Answer listed = api.send("GET", "/local/executions", null, Optional.empty());
        Answer execution = api.send("GET", "/local/executions/" + id, null, Optional.empty());
        HttpResponse<String> page = api.getRaw("/local/executions/" + id, "text/html");

        // then they see it, each state with its input, output and times, in order
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("executions")).extracting(e -> e.path("sessionId").asText()).contains(id);
        assertThat(execution.status()).isEqualTo(200);
        assertThat(execution.body().path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode steps = execution.body().path("steps");
        List<String> states = new ArrayList<>();
        steps.forEach(step -> states.add(step.path("state").asText()));
        assertThat(states).containsSubsequence("Reserve a server slot", "Launch the server",
                "Wait until the server answers SSH", "Mark the session ready", "Wait for the session to end",
                "Terminate the server", "Release the server slot", "Mark the session ended", "The session is over");
        JsonNode launch = steps.get(states.indexOf("Launch the server"));
        assertThat(launch.path("input").path("sessionId").asText()).isEqualTo(id);
        assertThat(launch.path("output").path("server").path("serverId").asText()).startsWith("bfx-");
        assertThat(launch.path("enteredAt").asText()).isNotEmpty();
        assertThat(launch.path("durationMillis").asLong()).isNotNegative();
        assertThat(execution.body().path("events").size()).isGreaterThan(steps.size());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<h1>Session " + id + "</h1>", "Launch the server", "SUCCEEDED")
                .contains("&quot;sessionId&quot;");
    }

    @Test
    void executions_shouldAnswer404_forAnUnknownOrMalformedSession() {
        assertThat(api.send("GET", "/local/executions/s-00000000000000000000", null, Optional.empty()).status())
                .isEqualTo(404);
        assertThat(api.send("GET", "/local/executions/%3Cscript%3E", null, Optional.empty()).status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/local/executions", null, Optional.empty()).status()).isEqualTo(405);
    }
}
