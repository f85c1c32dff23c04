package dev.breakfix.local.sessions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.local.stepfunctions.StateMachineRunner;
import dev.breakfix.local.stepfunctions.tasks.TaskHandler;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import dev.breakfix.tasks.AwaitSshHandler;
import dev.breakfix.tasks.CloseRecordingHandler;
import dev.breakfix.tasks.MarkSessionReadyHandler;
import dev.breakfix.tasks.PrepareLaunchHandler;
import dev.breakfix.tasks.StoreWaitTokenHandler;
import dev.breakfix.tasks.TaskPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts {@code statemachines/session.asl.json} on the local runner, unchanged: the same definition
 * substitutions the CDK app makes, the task functions registered by name (the same handler classes
 * Lambda runs), DynamoDB integrations on dynalite, and EC2 calls answered by the local servers.
 */
public final class SessionWorkflow {
    public static final String STATE_MACHINE_NAME = "breakfix-session";
    /** The task functions the definition names through {@code ${<Name>Function}} substitutions. */
    static final java.util.List<String> FUNCTION_NAMES =
            java.util.List.of("PrepareLaunch", "AwaitSsh", "MarkSessionReady", "StoreWaitToken", "CloseRecording");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {};

    private SessionWorkflow() {}

    /** The function names the definition's substitutions point at, and the handler behind each. */
    static Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions(TaskPlatform platform) {
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions = new LinkedHashMap<>();
        // In FUNCTION_NAMES order; SessionWorkflowTest checks the two agree.
        functions.put("PrepareLaunch", new PrepareLaunchHandler(platform));
        functions.put("AwaitSsh", new AwaitSshHandler(platform));
        functions.put("MarkSessionReady", new MarkSessionReadyHandler(platform));
        functions.put("StoreWaitToken", new StoreWaitTokenHandler(platform));
        functions.put("CloseRecording", new CloseRecordingHandler(platform));
        return functions;
    }

    /** Registers the task resources the definition uses; call before {@link #register}. */
    public static void registerTasks(TaskResources tasks, TaskPlatform platform, TaskHandler ec2) {
        functions(platform).forEach((name, handler) -> tasks.registerFunction(name, event ->
                JSON.valueToTree(handler.handleRequest(JSON.convertValue(event, PAYLOAD), null))));
        tasks.registerAwsSdkService("ec2", ec2);
    }

    /** Registers the definition with the local names; returns the state machine's ARN. */
    public static String register(StateMachineRunner runner, Path definition, int maxRunningServers) throws IOException {
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("SessionsTable", Tables.SESSIONS.id());
        substitutions.put("RoutesTable", Tables.ROUTES.id());
        substitutions.put("CountersTable", Tables.COUNTERS.id());
        substitutions.put("MaxRunningServers", Integer.toString(maxRunningServers));
        for (String name : FUNCTION_NAMES) {
            substitutions.put(name + "Function", name);
        }
        return runner.register(STATE_MACHINE_NAME, Files.readString(definition), substitutions);
    }
}
