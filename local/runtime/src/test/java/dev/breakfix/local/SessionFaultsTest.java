package dev.breakfix.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.DelayOverrides;
import dev.breakfix.local.support.ApiClient;
import dev.breakfix.local.support.ApiClient.Answer;
import dev.breakfix.local.support.Eventually;
import dev.breakfix.local.support.Faults;
import dev.breakfix.local.support.PlatformState;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected one at a time into the real runtime, through decorators of its ports and task
 * handlers. Whatever breaks, the session ends final with a reason a person can read, its server is
 * gone, its server slot is given back and its owner's lock released.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SessionFaultsTest {
    private static final Path CHECKOUT = SessionsEndToEndTest.CHECKOUT;
    private static final String SCENARIO = "nginx-wont-start";
    private static final Duration SOON = Duration.ofSeconds(60);
    /** Retries and waits shortened, so that bounded retries run out in seconds, not minutes. */
    private static final DelayOverrides FAST = new DelayOverrides(
            Map.of("Wait before checking the server again", Duration.ofMillis(100)),
            Map.of("Wait until the server answers SSH", Duration.ofMillis(50),
                    "Terminate the server", Duration.ofMillis(100),
                    "Check that the server is gone", Duration.ofMillis(100)));

    @TempDir
    static Path state;

    static final Faults FAULTS = new Faults();
    static LocalRuntime runtime;
    static ApiClient api;
    static PlatformState platform;

    @BeforeAll
    static void start() throws Exception {
        LocalWiring wiring = LocalWiring.STANDARD
                .withServers(FAULTS::servers)
                .withEc2(FAULTS::ec2)
                .withSessions(FAULTS::sessions)
                .withCheckScripts(FAULTS::checkScripts, Duration.ofSeconds(2))
                .withDelays(FAST)
                .withReaper(Duration.ofMillis(500), Duration.ofSeconds(2));
        runtime = LocalRuntime.start(LocalConfig.forCheckout(CHECKOUT, 0).withStateDir(state), Clock.systemUTC(), wiring);
        api = new ApiClient(runtime.port());
        platform = new PlatformState(CHECKOUT, state).using(runtime.dynamoDb());
    }

    @AfterAll
    static void stop() {
        runtime.close();
        platform.terminateAllServers();
        platform.close();
    }

    @BeforeEach
    void noFault() {
        FAULTS.reset();
    }

    @AfterEach
    void openTheGate() {
        FAULTS.reset();
    }

    @Test
    void launch_shouldFailTheSession_andLeaveNothing_whenTheLaunchIsRefused() {
        // given launches that are refused
        FAULTS.refuseLaunches();
        String token = api.anonymousToken();

        // when a session starts
        String id = api.started(token, SCENARIO);

        // then it fails, saying why in words, and the cleanup gives everything back
        JsonNode failed = api.awaitState(token, id, Set.of("FAILED", "ENDED"), SOON);
        assertFailed(failed, "LAUNCH_FAILED", "Your server could not be started. Please try again in a few minutes.");
        assertNothingLeft(id);
        assertThat(stepErrors(id, "Launch the server")).isNotEmpty();
    }

    @Test
    void launch_shouldFailTheSession_andTheReaperRemovesTheServer_whenTheCallFailedAfterTheServerStarted() {
        // given a launch that starts the server but fails to say so: the workflow cannot know its id
        FAULTS.failLaunchesAfterTheServerStarts();
        String token = api.anonymousToken();

        // when a session starts
        String id = api.started(token, SCENARIO);

        // then the session fails, and the reaper removes the server its workflow could not see
        JsonNode failed = api.awaitState(token, id, Set.of("FAILED", "ENDED"), SOON);
        assertFailed(failed, "LAUNCH_FAILED", "Your server could not be started. Please try again in a few minutes.");
        assertNothingLeft(id);
    }

    @Test
    void launch_shouldFallBackToOnDemand_whenSpotHasNoCapacity() {
        // given no spot capacity in any pool
        FAULTS.noSpotCapacity();
        String token = api.anonymousToken();

        // when a session starts
        String id = api.started(token, SCENARIO);

        // then it is READY on an on-demand server, after trying the spot pools
        api.awaitState(token, id, Set.of("READY"), SOON);
        List<String> states = stateNames(id);
        assertThat(states).containsSubsequence("Plan a spot server", "Launch the server", "Try the next pool",
                "Plan an on-demand server", "Prepare the server's launch", "Launch the server", "Mark the session booting");
        JsonNode onDemandLaunch = lastStep(id, "Launch the server");
        assertThat(onDemandLaunch.path("input").path("launch").path("market").asText()).isEqualTo("on-demand");
        assertThat(stepErrors(id, "Launch the server")).contains("Ec2.InsufficientInstanceCapacityException");

        // and it ends as usual
        assertThat(api.endAndAwait(token, id).path("endReason").asText()).isEqualTo("USER");
        assertNothingLeft(id);
    }

    @Test
    void launch_shouldFailTheSession_whenNoMarketHasCapacity() {
        FAULTS.noCapacity();
        String token = api.anonymousToken();

        String id = api.started(token, SCENARIO);

        JsonNode failed = api.awaitState(token, id, Set.of("FAILED", "ENDED"), SOON);
        assertFailed(failed, "LAUNCH_FAILED", "Your server could not be started. Please try again in a few minutes.");
        assertThat(stateNames(id)).contains("Plan an on-demand server", "Note that the server could not be launched");
        assertNothingLeft(id);
    }

    @Test
    void awaitSsh_shouldFailTheSessionWithAReadableReason_afterBoundedRetries_whenSshNeverAnswers() {
        // given servers that start but never answer SSH
        FAULTS.sshNeverAnswers();
        String token = api.anonymousToken();

        // when a session starts
        String id = api.started(token, SCENARIO);

        // then the workflow gives up after its bounded retries, and the session fails with a reason
        JsonNode failed = api.awaitState(token, id, Set.of("FAILED", "ENDED"), SOON);
        assertFailed(failed, "BOOT_FAILED", "Your server did not start. Please try again.");
        JsonNode await = lastStep(id, "Wait until the server answers SSH");
        assertThat(await.path("attempts").asInt()).isEqualTo(21);
        assertThat(stepErrors(id, "Wait until the server answers SSH")).containsOnly("dev.breakfix.workflow.ServerNotReady");
        assertNothingLeft(id);
    }

    @Test
    void check_shouldAnswerThatItTimedOut_andKeepTheSessionReady_whenTheCheckHangs() {
        // given a READY session whose check hangs on the server
        String token = api.anonymousToken();
        String id = api.started(token, SCENARIO);
        api.awaitState(token, id, Set.of("READY"), SOON);
        FAULTS.checksHang();

        // when the user checks
        long started = System.nanoTime();
        Answer check = api.check(token, id, true);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // then the check is stopped at its timeout with a message, and the session goes on
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body().path("solved").asBoolean()).isFalse();
        assertThat(check.body().path("ending").asBoolean()).isFalse();
        assertThat(check.body().path("message").asText()).contains("did not finish in time");
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        JsonNode after = api.get(token, id).body();
        assertThat(after.path("state").asText()).isEqualTo("READY");
        assertThat(after.path("checks").asInt()).isEqualTo(1);

        assertThat(api.endAndAwait(token, id).path("endReason").asText()).isEqualTo("USER");
        assertNothingLeft(id);
    }

    @Test
    void terminate_shouldBeRetried_andTheSessionEnd_whenItFailsTwiceThenWorks() {
        // given a READY session, and terminations that fail twice before they work
        String token = api.anonymousToken();
        String id = api.started(token, SCENARIO);
        api.awaitState(token, id, Set.of("READY"), SOON);
        FAULTS.failTerminations(2);

        // when the user ends it
        JsonNode ended = api.endAndAwait(token, id);

        // then the workflow retried until the server was gone, and the session ended normally
        assertThat(ended.path("state").asText()).isEqualTo("ENDED");
        assertThat(ended.path("endReason").asText()).isEqualTo("USER");
        JsonNode terminate = lastStep(id, "Terminate the server");
        assertThat(terminate.path("attempts").asInt()).isEqualTo(3);
        assertThat(stepErrors(id, "Terminate the server")).hasSize(2);
        assertThat(stateNames(id)).contains("Check that the server is gone").doesNotContain("Note that the server would not terminate");
        assertNothingLeft(id);
    }

    @Test
    void check_shouldAnswer409_whileTheServerIsStillStarting() {
        // given a session whose server is being launched
        FAULTS.holdLaunches();
        String token = api.anonymousToken();
        String id = api.started(token, SCENARIO);
        api.awaitState(token, id, Set.of("LAUNCHING"), SOON);

        // when the user checks
        Answer check = api.check(token, id, false);

        // then they are told the server is not ready, and nothing was counted
        assertThat(check.status()).isEqualTo(409);
        assertThat(check.errorCode()).isEqualTo("NOT_READY");
        assertThat(check.body().path("error").path("message").asText()).contains("launching");
        assertThat(api.get(token, id).body().path("checks").asInt()).isZero();

        FAULTS.openLaunches();
        api.awaitState(token, id, Set.of("READY"), SOON);
        api.endAndAwait(token, id);
        assertNothingLeft(id);
    }

    @Test
    void session_shouldEndExpired_andItsServerBeGoneWithinSeconds_whenItsTimeIsUp() {
        // given a session whose time limit is 3 seconds
        FAULTS.cutTimeLimitsTo(Duration.ofSeconds(3));
        String token = api.anonymousToken();
        String id = api.started(token, SCENARIO);
        JsonNode ready = api.awaitState(token, id, Set.of("READY"), SOON);
        java.time.Instant expiresAt = java.time.Instant.parse(ready.path("expiresAt").asText());
        assertThat(Duration.between(java.time.Instant.parse(ready.path("readyAt").asText()), expiresAt))
                .isEqualTo(Duration.ofSeconds(3));

        // when the time is up, then the workflow ends it as EXPIRED, not before its deadline
        JsonNode ended = api.awaitState(token, id, Set.of("ENDED", "FAILED"), SOON);
        assertThat(ended.path("state").asText()).isEqualTo("ENDED");
        assertThat(ended.path("endReason").asText()).isEqualTo("EXPIRED");
        assertThat(java.time.Instant.parse(ended.path("endedAt").asText())).isAfterOrEqualTo(expiresAt);
        assertNothingLeft(id);
    }

    // ---- what every case must leave ---------------------------------------------------------------

    private static void assertFailed(JsonNode session, String code, String message) {
        assertThat(session.path("state").asText()).isEqualTo("FAILED");
        assertThat(session.path("endReason").asText()).isEqualTo("ERROR");
        assertThat(session.path("failure").path("code").asText()).isEqualTo(code);
        assertThat(session.path("failure").path("message").asText()).isEqualTo(message);
        assertThat(session.path("endedAt").asText()).isNotEmpty();
    }

    /** The server is gone, the slot given back, the owner's lock released: at once or by the reaper. */
    private static void assertNothingLeft(String id) {
        Eventually.awaitTrue("the session's servers are gone", Duration.ofSeconds(30),
                () -> platform.serversOf(id).isEmpty() && platform.serverFolders().isEmpty());
        assertThat(platform.containers()).isEmpty();
        assertThat(platform.runningServers()).isZero();
        assertThat(platform.locks()).isEmpty();
        assertThat(platform.sessionItem(id)).doesNotContainKeys("inFlight", "slotHeld");
    }

    private static JsonNode execution(String id) {
        return api.send("GET", "/local/executions/" + id, null, Optional.empty()).body();
    }

    private static List<String> stateNames(String id) {
        List<String> names = new ArrayList<>();
        execution(id).path("steps").forEach(step -> names.add(step.path("state").asText()));
        return names;
    }

    private static JsonNode lastStep(String id, String state) {
        JsonNode last = null;
        for (JsonNode step : execution(id).path("steps")) {
            if (step.path("state").asText().equals(state)) {
                last = step;
            }
        }
        assertThat(last).as("a step %s", state).isNotNull();
        return last;
    }

    private static List<String> stepErrors(String id, String state) {
        List<String> errors = new ArrayList<>();
        for (JsonNode step : execution(id).path("steps")) {
            if (step.path("state").asText().equals(state)) {
                step.path("errors").forEach(e -> errors.add(e.path("error").asText()));
            }
        }
        return errors;
    }
}
