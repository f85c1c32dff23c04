package dev.breakfix.local.stepfunctions.tasks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Lambda function run in-process: the JSON event in, the JSON result out. The local runtime
 * adapts the same handler classes that run on AWS Lambda to this.
 */
@FunctionalInterface
public interface LocalFunction {
    /**
     * @throws TaskFailure to fail with a chosen error name; any other exception fails the task the
     *     way an unhandled exception fails a Java Lambda function: the error is the exception's
     *     class name, the cause a JSON object with errorMessage, errorType and stackTrace
     */
    JsonNode handle(JsonNode event) throws Exception;
}
