package dev.breakfix.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.ExecutionStatus;
import dev.breakfix.local.support.ApiClient;
import dev.breakfix.local.support.Eventually;
import dev.breakfix.local.support.MovableClock;
import dev.breakfix.local.support.PlatformState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper in the running platform: when a session's workflow is gone without cleaning up, the reaper
 * closes the session after its latest possible end and gives everything back.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReaperEndToEndTest {
    private static final Path CHECKOUT = SessionsEndToEndTest.CHECKOUT;
    private static final String SCENARIO = "nginx-wont-start";
    private static final Duration SOON = Duration.ofSeconds(60);

    @TempDir
    Path state;

    private LocalRuntime runtime;
    private PlatformState platform;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (platform != null) {
            platform.terminateAllServers();
            platform.close();
        }
    }

    @Test
    void reaper_shouldCloseAStuckSession_andGiveEverythingBack_whenItsWorkflowDied() {
        // given a READY session whose workflow execution was stopped before it could clean up
        MovableClock clock = new MovableClock();
        runtime = start(clock);
        ApiClient api = new ApiClient(runtime.port());
        platform = new PlatformState(CHECKOUT, state).using(runtime.dynamoDb());
        String token = api.anonymousToken();
        String id = api.started(token, SCENARIO);
        api.awaitState(token, id, Set.of("READY"), SOON);
        String execution = "arn:aws:states:us-east-1:000000000000:execution:breakfix-session:" + id;
        runtime.workflowRunner().stopExecution(execution, Optional.of("Test.WorkflowLost"),
                Optional.of("the execution is gone, as after an operator's mistake"));
        assertThat(runtime.workflowRunner().describeExecution(execution).status()).isEqualTo(ExecutionStatus.ABORTED);
        List<String> servers = platform.serversOf(id);
        assertThat(servers).hasSize(1);
        assertThat(platform.runningServers()).isEqualTo(1);
        assertThat(platform.locks()).hasSize(1);

        // when its latest possible end (15 + 20 + 15 minutes for this scenario) and the grace have passed
        clock.advance(Duration.ofMinutes(52));

        // then the reaper closes it as REAPED, with a reason for the user
        JsonNode reaped = api.awaitState(token, id, Set.of("FAILED", "ENDED"), SOON);
        assertThat(reaped.path("state").asText()).isEqualTo("FAILED");
        assertThat(reaped.path("endReason").asText()).isEqualTo("REAPED");
        assertThat(reaped.path("failure").path("code").asText()).isEqualTo("REAPED");
        assertThat(reaped.path("failure").path("message").asText()).contains("closed");

        // and its server is gone, the slot given back once, the owner's lock released
        assertThat(platform.serversOf(id)).isEmpty();
        assertThat(platform.containers()).isEmpty();
        assertThat(platform.runningServers()).isZero();
        assertThat(platform.locks()).isEmpty();
        assertThat(platform.sessionItem(id)).doesNotContainKeys("inFlight", "slotHeld", "waitToken");
        String next = api.started(token, SCENARIO);
        api.awaitState(token, next, Set.of("READY"), SOON);
        api.endAndAwait(token, next);
        Eventually.awaitTrue("the next session's slot is back", Duration.ofSeconds(10),
                () -> platform.runningServers() == 0);
    }

    private LocalRuntime start(MovableClock clock) {
        try {
            return LocalRuntime.start(LocalConfig.forCheckout(CHECKOUT, 0).withStateDir(state), clock,
                    LocalWiring.STANDARD.withReaper(Duration.ofMillis(500), Duration.ofMinutes(1)));
        } catch (Exception e) {
            throw new IllegalStateException("the runtime did not start", e);
        }
    }
}
