package dev.breakfix.local.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.tasks.TaskFailure;
import dev.breakfix.local.stepfunctions.tasks.TaskHandler;
import dev.breakfix.local.stepfunctions.tasks.TaskRequest;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code aws-sdk:ec2:*} calls the session workflow makes directly, answered by the local servers in
 * EC2's response shapes, so the same ASL states run unchanged. RunInstances reads the session, the
 * scenario and the deadline from the request's tags and gives the server the session's keys derived
 * from the master secret (what the user data installs on EC2); a repeated client token returns the
 * server it already made. A server that is gone reads as {@code terminated}, as EC2 keeps recently
 * terminated instances visible.
 */
public final class LocalEc2 implements TaskHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Servers servers;
    private final ScenarioCatalog catalog;
    private final MasterSecret secret;
    private final Map<String, ServerId> launchedByClientToken = new ConcurrentHashMap<>();

    public LocalEc2(Servers servers, ScenarioCatalog catalog, MasterSecret secret) {
        this.servers = servers;
        this.catalog = catalog;
        this.secret = secret;
    }

    @Override
    public JsonNode invoke(TaskRequest request) throws TaskFailure {
        switch (request.action()) {
            case "runInstances":
                return run(request.input());
            case "terminateInstances":
                return terminate(instanceIds(request.input()));
            case "describeInstances":
                return describe(instanceIds(request.input()));
            default:
                throw new TaskFailure("Ec2.UnsupportedOperationException",
                        "ec2:" + request.action() + " is not available in the local runtime");
        }
    }

    private JsonNode run(JsonNode request) throws TaskFailure {
        Map<String, String> tags = new HashMap<>();
        for (JsonNode specification : request.path("TagSpecifications")) {
            if ("instance".equals(specification.path("ResourceType").asText())) {
                specification.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
            }
        }
        String sessionTag = tags.get(Ec2LaunchRequests.TAG_SESSION);
        String scenarioTag = tags.get(Ec2LaunchRequests.TAG_SCENARIO);
        String deadlineTag = tags.get(Ec2LaunchRequests.TAG_DEADLINE);
        if (!SessionId.isValid(sessionTag) || scenarioTag == null || deadlineTag == null) {
            throw new TaskFailure("Ec2.InvalidParameterValueException",
                    "RunInstances needs the breakfix session, scenario and deadline tags");
        }
        Scenario scenario = catalog.find(scenarioTag).orElseThrow(() -> new TaskFailure(
                "Ec2.InvalidAMIIDNotFoundException", "no image for scenario " + scenarioTag));
        SessionId session = new SessionId(sessionTag);
        String token = request.path("ClientToken").asText(session.value());
        ServerId id = launchedByClientToken.computeIfAbsent(token, t -> {
            SessionKeys keys = SessionKeys.derive(secret, session);
            return servers.launch(session, scenario, keys.clientKey().openSshPublicKey(),
                    keys.hostKey().openSshPrivateKey(), Instant.parse(deadlineTag));
        });
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode instance = answer.putArray("Instances").addObject().put("InstanceId", id.value());
        servers.describe(id).flatMap(Servers.ServerStatus::address).ifPresent(a -> instance.put("PrivateIpAddress", a));
        instance.putObject("State").put("Name", "pending");
        return answer;
    }

    private JsonNode terminate(List<ServerId> ids) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode terminating = answer.putArray("TerminatingInstances");
        for (ServerId id : ids) {
            servers.terminate(id);
            ObjectNode instance = terminating.addObject().put("InstanceId", id.value());
            instance.putObject("CurrentState").put("Name", "shutting-down");
        }
        return answer;
    }

    private JsonNode describe(List<ServerId> ids) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode instances = answer.putArray("Reservations").addObject().putArray("Instances");
        for (ServerId id : ids) {
            Optional<Servers.ServerStatus> status = servers.describe(id);
            ObjectNode instance = instances.addObject().put("InstanceId", id.value());
            instance.putObject("State").put("Name", status.map(s -> stateName(s.state())).orElse("terminated"));
            status.flatMap(Servers.ServerStatus::address).ifPresent(a -> instance.put("PrivateIpAddress", a));
        }
        return answer;
    }

    static String stateName(Servers.ServerStatus.State state) {
        switch (state) {
            case PENDING:
                return "pending";
            case RUNNING:
                return "running";
            case STOPPING:
                return "shutting-down";
            default:
                return "stopped";
        }
    }

    private static List<ServerId> instanceIds(JsonNode input) throws TaskFailure {
        JsonNode ids = input.path("InstanceIds");
        if (!ids.isArray() || ids.isEmpty()) {
            throw new TaskFailure("Ec2.MissingParameterException", "InstanceIds is required");
        }
        List<ServerId> list = new ArrayList<>();
        ids.forEach(id -> list.add(new ServerId(id.asText())));
        return list;
    }
}
