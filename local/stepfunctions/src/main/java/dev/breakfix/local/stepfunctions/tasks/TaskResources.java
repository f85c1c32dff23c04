package dev.breakfix.local.stepfunctions.tasks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which local handler runs each Task resource. Resolution order: an exact resource, then the
 * longest registered prefix (used for {@code arn:aws:states:::aws-sdk:ec2:*}), then Lambda: a
 * function ARN {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]} or
 * {@code arn:aws:states:::lambda:invoke} runs the {@link LocalFunction} registered under NAME.
 */
public final class TaskResources {
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    public static final String AWS_SDK_PREFIX = "arn:aws:states:::aws-sdk:";

    private record Prefix(String prefix, TaskHandler handler) {}

    private final Map<String, TaskHandler> exact = new ConcurrentHashMap<>();
    private final List<Prefix> prefixes = new CopyOnWriteArrayList<>();
    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();
    private final LambdaIntegration lambda = new LambdaIntegration(functions);

    /** Runs {@code handler} for exactly this resource ARN. */
    public TaskResources register(String resourceArn, TaskHandler handler) {
        exact.put(resourceArn, handler);
        return this;
    }

    /** Runs {@code handler} for every resource ARN that starts with {@code prefix}. */
    public TaskResources registerPrefix(String prefix, TaskHandler handler) {
        prefixes.removeIf(p -> p.prefix().equals(prefix));
        prefixes.add(new Prefix(prefix, handler));
        return this;
    }

    /**
     * Runs {@code handler} for every action of an AWS SDK service integration, e.g. {@code "ec2"} for
     * {@code arn:aws:states:::aws-sdk:ec2:runInstances}; {@link TaskRequest#action()} names the action.
     */
    public TaskResources registerAwsSdkService(String service, TaskHandler handler) {
        return registerPrefix(AWS_SDK_PREFIX + service + ":", handler);
    }

    /** Runs {@code function} for Lambda tasks that name {@code functionName}. */
    public TaskResources registerFunction(String functionName, LocalFunction function) {
        functions.put(functionName, function);
        return this;
    }

    /** The handler for a resource (without its {@code .waitForTaskToken} suffix), if any. */
    public Optional<TaskHandler> resolve(String resource) {
        TaskHandler handler = exact.get(resource);
        if (handler != null) {
            return Optional.of(handler);
        }
        Prefix best = null;
        for (Prefix prefix : prefixes) {
            if (resource.startsWith(prefix.prefix()) && (best == null || prefix.prefix().length() > best.prefix().length())) {
                best = prefix;
            }
        }
        if (best != null) {
            return Optional.of(best.handler());
        }
        if (resource.equals(LAMBDA_INVOKE)) {
            return Optional.of(lambda::invoke);
        }
        return LambdaIntegration.functionName(resource)
                .filter(functions::containsKey)
                .map(name -> request -> lambda.call(name, request.input()));
    }
}
