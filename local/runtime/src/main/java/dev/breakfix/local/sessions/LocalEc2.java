package dev.breakfix.local.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.tasks.TaskFailure;
import dev.breakfix.local.stepfunctions.tasks.TaskHandler;
import dev.breakfix.local.stepfunctions.tasks.TaskRequest;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code aws-sdk:ec2:*} calls the session workflow makes directly, answered by the local servers in
 * EC2's response shapes, so the same ASL states run unchanged. A server that is gone reads as
 * {@code terminated}, as EC2 keeps recently terminated instances visible.
 */
public final class LocalEc2 implements TaskHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Servers servers;

    public LocalEc2(Servers servers) {
        this.servers = servers;
    }

    @Override
    public JsonNode invoke(TaskRequest request) throws TaskFailure {
        List<ServerId> ids = instanceIds(request.input());
        switch (request.action()) {
            case "terminateInstances":
                return terminate(ids);
            case "describeInstances":
                return describe(ids);
            default:
                throw new TaskFailure("Ec2.UnsupportedOperationException",
                        "ec2:" + request.action() + " is not available in the local runtime");
        }
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
