package dev.breakfix.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.support.ApiClient;
import dev.breakfix.local.support.Eventually;
import dev.breakfix.local.support.PlatformState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * The runtime killed with SIGKILL in the middle of a session, in a JVM of its own, then started again on
 * the same state directory: the session's execution resumes where it was saved, and the session can be
 * ended with nothing left behind.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RuntimeKilledTest {
    private static final Path CHECKOUT = SessionsEndToEndTest.CHECKOUT;
    private static final String SCENARIO = "nginx-wont-start";
    private static final Duration SOON = Duration.ofSeconds(90);

    @TempDir
    Path state;

    private Process child;
    private LocalRuntime restarted;
    private PlatformState platform;

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (restarted != null) {
            restarted.close();
        }
        if (platform != null) {
            platform.terminateAllServers();
            platform.close();
        }
    }

    @Test
    void restart_shouldResumeTheSession_andLetItEnd_whenTheRuntimeWasKilledWhileItWasReady() throws Exception {
        // given a READY session on a runtime in its own JVM
        ApiClient before = new ApiClient(startChild(0));
        String token = before.anonymousToken();
        String id = before.started(token, SCENARIO);
        before.awaitState(token, id, Set.of("READY"), SOON);
        Eventually.awaitTrue("the execution waits for the end", SOON, () -> "Wait for the session to end".equals(
                before.send("GET", "/local/executions/" + id, null, Optional.empty()).body().path("currentState").asText()));
        List<String> servers = platform.serversOf(id);
        assertThat(servers).hasSize(1);

        // when the runtime is killed (SIGKILL: no shutdown hook, nothing saved on the way out)
        kill();
        assertThat(platform.containers()).containsExactlyElementsOf(servers);

        // and started again on the same state
        ApiClient after = restart();

        // then the session is still READY, its execution resumed while waiting for the end
        assertThat(after.get(token, id).body().path("state").asText()).isEqualTo("READY");
        assertThat(resumedSteps(after, id)).contains("Wait for the session to end");

        // and ending it works: the server is gone, the slot and the lock given back
        JsonNode ended = after.endAndAwait(token, id);
        assertThat(ended.path("state").asText()).isEqualTo("ENDED");
        assertThat(ended.path("endReason").asText()).isEqualTo("USER");
        assertNothingLeft(id);
    }

    @Test
    void restart_shouldFinishTheLaunch_andLetTheSessionEnd_whenTheRuntimeWasKilledDuringTheLaunch() throws Exception {
        // given a session whose server launch is in flight (each launch takes 4 s more here)
        ApiClient before = new ApiClient(startChild(4000));
        String token = before.anonymousToken();
        String id = before.started(token, SCENARIO);
        Eventually.awaitTrue("the launch is in flight", SOON, () -> "Launch the server".equals(
                before.send("GET", "/local/executions/" + id, null, Optional.empty()).body().path("currentState").asText()));
        Thread.sleep(500);

        // when the runtime is killed in the middle of it, and started again
        kill();
        ApiClient after = restart();

        // then the launch task runs again, the session becomes READY, and it ends cleanly
        after.awaitState(token, id, Set.of("READY"), SOON);
        assertThat(resumedSteps(after, id)).contains("Launch the server");
        assertThat(after.endAndAwait(token, id).path("state").asText()).isEqualTo("ENDED");
        assertNothingLeft(id);
    }

    private int startChild(long launchDelayMillis) throws IOException {
        platform = new PlatformState(CHECKOUT, state);
        Path log = state.resolve("child.log");
        Files.createDirectories(state);
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), RuntimeProcess.class.getName(),
                CHECKOUT.toString(), state.toString(), Long.toString(launchDelayMillis))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return Eventually.await("the child runtime listens", Duration.ofSeconds(90), () -> {
            if (!child.isAlive()) {
                throw new AssertionError("the child runtime exited: " + read(log));
            }
            return read(log).lines().filter(l -> l.startsWith("PORT ")).findFirst()
                    .map(l -> Integer.parseInt(l.substring(5).strip()));
        });
    }

    private void kill() throws InterruptedException {
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
    }

    private ApiClient restart() throws Exception {
        restarted = LocalRuntime.start(LocalConfig.forCheckout(CHECKOUT, 0).withStateDir(state), Clock.systemUTC());
        platform.using(restarted.dynamoDb());
        return new ApiClient(restarted.port());
    }

    private static List<String> resumedSteps(ApiClient api, String id) {
        JsonNode steps = api.send("GET", "/local/executions/" + id, null, Optional.empty()).body().path("steps");
        java.util.ArrayList<String> resumed = new java.util.ArrayList<>();
        steps.forEach(step -> {
            if (step.path("resumed").asBoolean()) {
                resumed.add(step.path("state").asText());
            }
        });
        return resumed;
    }

    private void assertNothingLeft(String id) {
        Eventually.awaitTrue("the session's servers are gone", Duration.ofSeconds(30),
                () -> platform.serversOf(id).isEmpty() && platform.serverFolders().isEmpty());
        assertThat(platform.containers()).isEmpty();
        assertThat(platform.runningServers()).isZero();
        assertThat(platform.locks()).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
