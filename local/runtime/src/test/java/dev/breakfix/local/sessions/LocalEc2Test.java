package dev.breakfix.local.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.local.stepfunctions.tasks.TaskFailure;
import dev.breakfix.local.stepfunctions.tasks.TaskRequest;
import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.SessionKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The EC2 calls of the session workflow, answered by local servers in EC2's shapes. */
class LocalEc2Test {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SessionId SESSION = new SessionId("s-0123456789abcdefghjk");
    private static final MasterSecret SECRET = MasterSecret.of(new byte[32]);
    private static final Scenario NGINX = new Scenario("nginx-wont-start", "t", "s", Difficulty.EASY, 15, 15,
            List.of("nginx"), "web-01", "admin", true, List.of(), ServerLimits.DEFAULT, true, List.of(), "d");
    private static final Ec2LaunchRequests.Settings SETTINGS = new Ec2LaunchRequests.Settings("lt", "$Default",
            List.of("subnet"), List.of("sg"), id -> Optional.of("local:" + id));

    /** Servers in memory: what was launched with which keys, and their states. */
    private final Map<ServerId, Servers.ServerStatus> running = new HashMap<>();
    private final List<String> launchedWithKeys = new ArrayList<>();
    private final Servers servers = new Servers() {
        public ServerId launch(SessionId session, Scenario scenario, String publicKey, String hostKey, Instant deadline) {
            ServerId id = new ServerId("bfx-" + running.size());
            running.put(id, new ServerStatus(ServerStatus.State.RUNNING, Optional.of("10.200.0.2")));
            launchedWithKeys.add(publicKey);
            return id;
        }

        public Optional<ServerStatus> describe(ServerId server) {
            return Optional.ofNullable(running.get(server));
        }

        public void terminate(ServerId server) {
            running.remove(server);
        }
    };
    private final LocalEc2 ec2 = new LocalEc2(servers, new ScenarioCatalog(List.of(NGINX)), SECRET);

    private JsonNode call(String action, JsonNode input) throws TaskFailure {
        return ec2.invoke(new TaskRequest("arn:aws:states:::aws-sdk:ec2:" + action, input, "arn", SESSION.value(),
                "state", 0, Optional.empty()));
    }

    private JsonNode runRequest() {
        Ec2LaunchRequests.Pool pool = Ec2LaunchRequests.pools(SETTINGS, SESSION, NGINX).get(0);
        return Ec2LaunchRequests.runInstances(SETTINGS, SESSION, NGINX, Instant.parse("2026-11-28T10:50:00Z"),
                Ec2LaunchRequests.Market.SPOT, pool, "dXNlcmRhdGE=");
    }

    @Test
    void runInstances_shouldLaunchWithTheSessionsDerivedKeys_andAnswerTheInstanceAndAddress() throws Exception {
        JsonNode answer = call("runInstances", runRequest());

        assertThat(answer.at("/Instances/0/InstanceId").asText()).isEqualTo("bfx-0");
        assertThat(answer.at("/Instances/0/PrivateIpAddress").asText()).isEqualTo("10.200.0.2");
        assertThat(launchedWithKeys).containsExactly(SessionKeys.derive(SECRET, SESSION).clientKey().openSshPublicKey());
    }

    @Test
    void runInstances_shouldReturnTheSameServer_whenTheClientTokenRepeats() throws Exception {
        call("runInstances", runRequest());
        JsonNode again = call("runInstances", runRequest());

        assertThat(again.at("/Instances/0/InstanceId").asText()).isEqualTo("bfx-0");
        assertThat(running).hasSize(1);
    }

    @Test
    void runInstances_shouldRefuse_withoutTheBreakfixTags() {
        assertThatThrownBy(() -> call("runInstances", JSON.readTree("{\"ImageId\":\"x\"}")))
                .isInstanceOfSatisfying(TaskFailure.class,
                        f -> assertThat(f.error()).isEqualTo("Ec2.InvalidParameterValueException"));
    }

    @Test
    void describeAndTerminate_shouldAnswerInEc2Shapes_andReadGoneServersAsTerminated() throws Exception {
        call("runInstances", runRequest());
        JsonNode ids = JSON.readTree("{\"InstanceIds\":[\"bfx-0\"]}");

        assertThat(call("describeInstances", ids).at("/Reservations/0/Instances/0/State/Name").asText()).isEqualTo("running");
        assertThat(call("terminateInstances", ids).at("/TerminatingInstances/0/CurrentState/Name").asText())
                .isEqualTo("shutting-down");
        assertThat(call("describeInstances", ids).at("/Reservations/0/Instances/0/State/Name").asText())
                .isEqualTo("terminated");
    }

    @Test
    void otherActions_shouldFailWithAnEc2StyleError() {
        assertThatThrownBy(() -> call("stopInstances", JSON.readTree("{\"InstanceIds\":[\"bfx-0\"]}")))
                .isInstanceOfSatisfying(TaskFailure.class,
                        f -> assertThat(f.error()).isEqualTo("Ec2.UnsupportedOperationException"));
    }
}
