package dev.breakfix.local.stepfunctions.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One call of a Task state's resource.
 *
 * @param resource the resource without its {@code .waitForTaskToken} suffix
 * @param input the effective input: the state's input after InputPath and Parameters
 * @param executionArn the execution the task belongs to
 * @param executionName the execution's name (in breakfix, the session id)
 * @param stateName the Task state
 * @param retryCount how many times this state has been retried so far (0 on the first attempt)
 * @param taskToken the token that completes the task, when the resource waits for one
 */
public record TaskRequest(
        String resource,
        JsonNode input,
        String executionArn,
        String executionName,
        String stateName,
        int retryCount,
        Optional<String> taskToken) {

    /** The API action of an integration ARN: {@code putItem} for {@code arn:aws:states:::dynamodb:putItem}. */
    public String action() {
        return resource.substring(resource.lastIndexOf(':') + 1);
    }
}
