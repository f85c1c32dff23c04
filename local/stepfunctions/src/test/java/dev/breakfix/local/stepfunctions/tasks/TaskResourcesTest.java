package dev.breakfix.local.stepfunctions.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.asl.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskResourcesTest {

    private static JsonNode invoke(TaskResources resources, String resource, String input) throws TaskFailure {
        return resources.resolve(resource).orElseThrow().invoke(new TaskRequest(resource, Json.parse(input), "arn:e",
                "e", "S", 0, Optional.empty()));
    }

    @Test
    void resolve_shouldRunTheFunctionByName_whenTheResourceIsAFunctionArn() throws TaskFailure {
        TaskResources resources = new TaskResources().registerFunction("greet", e -> Json.object().put("hi", e.get("n").asText()));

        assertThat(invoke(resources, "arn:aws:lambda:eu-west-1:123456789012:function:greet", "{\"n\":\"ada\"}"))
                .isEqualTo(Json.parse("{\"hi\":\"ada\"}"));
        assertThat(invoke(resources, "arn:aws:lambda:eu-west-1:123456789012:function:greet:live", "{\"n\":\"x\"}"))
                .isEqualTo(Json.parse("{\"hi\":\"x\"}"));
        assertThat(resources.resolve("arn:aws:lambda:eu-west-1:123456789012:function:other")).isEmpty();
    }

    @Test
    void resolve_shouldAnswerLikeLambdaInvoke_whenTheIntegrationIsUsed() throws TaskFailure {
        TaskResources resources = new TaskResources().registerFunction("greet", e -> Json.object().set("got", e));

        JsonNode byName = invoke(resources, TaskResources.LAMBDA_INVOKE, "{\"FunctionName\":\"greet\",\"Payload\":{\"a\":1}}");
        JsonNode byArn = invoke(resources, TaskResources.LAMBDA_INVOKE,
                "{\"FunctionName\":\"arn:aws:lambda:us-east-1:000000000000:function:greet:$LATEST\"}");

        assertThat(byName.get("Payload")).isEqualTo(Json.parse("{\"got\":{\"a\":1}}"));
        assertThat(byName.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(byName.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(byArn.get("Payload")).isEqualTo(Json.parse("{\"got\":{}}"));
        assertThatThrownBy(() -> invoke(resources, TaskResources.LAMBDA_INVOKE, "{\"FunctionName\":\"nobody\"}"))
                .isInstanceOfSatisfying(TaskFailure.class,
                        e -> assertThat(e.error()).isEqualTo("Lambda.ResourceNotFoundException"));
    }

    @Test
    void resolve_shouldPreferTheLongestPrefix_whenAwsSdkServicesAreRegistered() throws TaskFailure {
        TaskResources resources = new TaskResources()
                .registerPrefix(TaskResources.AWS_SDK_PREFIX, r -> Json.nodes().textNode("any"))
                .registerAwsSdkService("ec2", r -> Json.nodes().textNode("ec2 " + r.action()))
                .register("arn:aws:states:::aws-sdk:ec2:terminateInstances", r -> Json.nodes().textNode("exact"));

        assertThat(invoke(resources, "arn:aws:states:::aws-sdk:ec2:runInstances", "{}").asText()).isEqualTo("ec2 runInstances");
        assertThat(invoke(resources, "arn:aws:states:::aws-sdk:ec2:terminateInstances", "{}").asText()).isEqualTo("exact");
        assertThat(invoke(resources, "arn:aws:states:::aws-sdk:s3:getObject", "{}").asText()).isEqualTo("any");
    }

    @Test
    void invoke_shouldKeepTheChosenErrorName_whenAFunctionThrowsTaskFailure() {
        TaskResources resources = new TaskResources().registerFunction("launch", e -> {
            throw new TaskFailure("Ec2.InsufficientInstanceCapacity", "no spot capacity");
        });

        assertThatThrownBy(() -> invoke(resources, "arn:aws:lambda:us-east-1:000000000000:function:launch", "{}"))
                .isInstanceOfSatisfying(TaskFailure.class, e -> {
                    assertThat(e.error()).isEqualTo("Ec2.InsufficientInstanceCapacity");
                    assertThat(e.failureCause()).contains("no spot capacity");
                });
    }
}
