package dev.breakfix.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.Sessions;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.session.SessionId;
import dev.breakfix.workflow.Workflows;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrepareLaunchHandlerTest {
    private static final SessionId SESSION = new SessionId("s-0123456789abcdefghjk");
    private static final MasterSecret SECRET = MasterSecret.of(new byte[32]);
    private static final Scenario NGINX = new Scenario("nginx-wont-start", "t", "s", Difficulty.EASY, 15, 15,
            List.of("nginx"), "web-01", "admin", true, List.of(), ServerLimits.DEFAULT, true, List.of(), "d");

    private final TaskPlatform platform = new TaskPlatform() {
        public ScenarioCatalog catalog() { return new ScenarioCatalog(List.of(NGINX)); }
        public Clock clock() { return Clock.systemUTC(); }
        public Sessions sessions() { throw new AssertionError("not used"); }
        public Ec2LaunchRequests.Settings launchSettings() {
            return new Ec2LaunchRequests.Settings("lt-1", "$Default", List.of("subnet-a", "subnet-b"), List.of("sg-1"),
                    id -> Optional.of("ami-" + id));
        }
        public Recordings recordings() { throw new AssertionError("not used"); }
        public Workflows workflows() { throw new AssertionError("not used"); }
        public MasterSecret masterSecret() { return SECRET; }
        public SshConnector ssh() { throw new AssertionError("not used"); }
    };

    private Map<String, Object> prepare(String market, int attempt) {
        return new PrepareLaunchHandler(platform).handleRequest(Map.of("sessionId", SESSION.value(),
                "scenarioId", "nginx-wont-start", "deadline", "2026-11-28T10:50:00Z", "market", market,
                "attempt", attempt), null);
    }

    @Test
    void handleRequest_shouldPrepareTheRequestForTheAttemptsPool_withTheSessionKeysInUserData() {
        Map<String, Object> output = prepare("spot", 1);

        assertThat(output.get("exhausted")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) output.get("request");
        Ec2LaunchRequests.Pool second = Ec2LaunchRequests.pools(platform.launchSettings(), SESSION, NGINX).get(1);
        assertThat(request).containsEntry("InstanceType", second.instanceType()).containsEntry("SubnetId", second.subnetId())
                .containsEntry("ImageId", "ami-nginx-wont-start").containsKey("InstanceMarketOptions");
        String userData = new String(Base64.getDecoder().decode((String) request.get("UserData")), StandardCharsets.UTF_8);
        SessionKeys keys = SessionKeys.derive(SECRET, SESSION);
        assertThat(userData).contains(keys.clientKey().openSshPublicKey().strip());
    }

    @Test
    void handleRequest_shouldLeaveOutSpotOptions_forOnDemand() {
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) prepare("on-demand", 0).get("request");

        assertThat(request).doesNotContainKey("InstanceMarketOptions");
    }

    @Test
    void handleRequest_shouldSayExhausted_whenEveryPoolWasTried() {
        int pools = Ec2LaunchRequests.pools(platform.launchSettings(), SESSION, NGINX).size();

        Map<String, Object> output = prepare("spot", pools);

        assertThat(output).containsEntry("exhausted", true).containsEntry("request", Map.of());
    }
}
