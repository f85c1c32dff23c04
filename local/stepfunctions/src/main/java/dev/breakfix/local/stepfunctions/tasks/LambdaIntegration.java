package dev.breakfix.local.stepfunctions.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.asl.Json;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda tasks run against in-process functions: a function ARN as Resource (the result is the
 * function's answer), or {@code arn:aws:states:::lambda:invoke} with FunctionName and Payload (the
 * result is the Invoke response, the answer under {@code Payload}).
 */
final class LambdaIntegration {
    private static final Pattern FUNCTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]+)(:[A-Za-z0-9$_-]+)?");
    private static final Pattern PARTIAL_NAME = Pattern.compile("([A-Za-z0-9_-]+)(:[A-Za-z0-9$_-]+)?");
    private static final int STACK_FRAMES = 10;

    private final Map<String, LocalFunction> functions;

    LambdaIntegration(Map<String, LocalFunction> functions) {
        this.functions = functions;
    }

    /** NAME from {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}. */
    static Optional<String> functionName(String arn) {
        Matcher matcher = FUNCTION_ARN.matcher(arn);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code lambda:invoke}: FunctionName as a name, a partial name with qualifier, or an ARN. */
    JsonNode invoke(TaskRequest request) throws TaskFailure {
        JsonNode parameters = request.input();
        JsonNode functionName = parameters.get("FunctionName");
        if (functionName == null || !functionName.isTextual()) {
            throw new TaskFailure("Lambda.InvalidParameterValueException", "FunctionName is required");
        }
        String text = functionName.textValue();
        Optional<String> name = functionName(text);
        if (name.isEmpty()) {
            Matcher partial = PARTIAL_NAME.matcher(text);
            name = partial.matches() ? Optional.of(partial.group(1)) : Optional.empty();
        }
        if (name.isEmpty()) {
            throw new TaskFailure("Lambda.InvalidParameterValueException", "FunctionName '" + text + "' is not valid");
        }
        JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : Json.object();
        JsonNode answer = call(name.get(), payload);
        ObjectNode response = Json.object();
        response.put("ExecutedVersion", "$LATEST");
        response.set("Payload", answer);
        response.putObject("SdkHttpMetadata").put("HttpStatusCode", 200);
        response.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        response.put("StatusCode", 200);
        return response;
    }

    JsonNode call(String name, JsonNode event) throws TaskFailure {
        LocalFunction function = functions.get(name);
        if (function == null) {
            throw new TaskFailure("Lambda.ResourceNotFoundException", "Function not found: " + name);
        }
        try {
            JsonNode answer = function.handle(event.deepCopy());
            return answer == null ? Json.nodes().nullNode() : answer;
        } catch (TaskFailure failure) {
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("Lambda.Unknown", "the function was interrupted");
        } catch (Exception e) {
            throw new TaskFailure(e.getClass().getName(), Json.write(errorPayload(e)));
        }
    }

    /** What the Java Lambda runtime reports for an unhandled exception. */
    private static ObjectNode errorPayload(Exception e) {
        ObjectNode payload = Json.object();
        payload.put("errorMessage", String.valueOf(e.getMessage()));
        payload.put("errorType", e.getClass().getName());
        ArrayNode stack = payload.putArray("stackTrace");
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
            stack.add(frames[i].toString());
        }
        return payload;
    }
}
