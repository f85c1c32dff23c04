package dev.breakfix.local.stepfunctions.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.Dynalite;
import dev.breakfix.local.stepfunctions.ExecutionDescription;
import dev.breakfix.local.stepfunctions.ExecutionStatus;
import dev.breakfix.local.stepfunctions.StateMachineRunner;
import dev.breakfix.local.stepfunctions.asl.AslError;
import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.store.InMemoryExecutionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbTasksTest {
    @RegisterExtension
    static final Dynalite DYNAMO = new Dynalite();
    private static final TaskResources TASKS = new TaskResources();

    @BeforeAll
    static void createTable() {
        DYNAMO.client().createTable(r -> r.tableName("Counters").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("name").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("name")
                        .attributeType(ScalarAttributeType.S).build()));
        DynamoDbTasks.register(TASKS, DYNAMO.client());
    }

    private static JsonNode call(String resource, String parameters) throws TaskFailure {
        return TASKS.resolve(resource).orElseThrow().invoke(new TaskRequest(resource, Json.parse(parameters),
                "arn:x", "x", "State", 0, Optional.empty()));
    }

    @Test
    void invoke_shouldWriteReadUpdateAndDeleteItems_whenGivenTheApiRequests() throws TaskFailure {
        // given
        call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"Counters\",\"Item\":{\"name\":{\"S\":\"a\"},"
                + "\"n\":{\"N\":\"1\"},\"tags\":{\"SS\":[\"x\"]},\"m\":{\"M\":{\"ok\":{\"BOOL\":true},\"l\":{\"L\":[{\"NULL\":true}]}}}}}");

        // when
        JsonNode updated = call("arn:aws:states:::dynamodb:updateItem", "{\"TableName\":\"Counters\","
                + "\"Key\":{\"name\":{\"S\":\"a\"}},\"UpdateExpression\":\"SET #n = #n + :one\","
                + "\"ExpressionAttributeNames\":{\"#n\":\"n\"},\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}},"
                + "\"ReturnValues\":\"UPDATED_NEW\"}");
        JsonNode read = call("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"Counters\","
                + "\"Key\":{\"name\":{\"S\":\"a\"}},\"ConsistentRead\":true}");
        JsonNode viaSdk = call("arn:aws:states:::aws-sdk:dynamodb:getItem", "{\"TableName\":\"Counters\","
                + "\"Key\":{\"name\":{\"S\":\"a\"}}}");
        call("arn:aws:states:::dynamodb:deleteItem", "{\"TableName\":\"Counters\",\"Key\":{\"name\":{\"S\":\"a\"}}}");
        JsonNode gone = call("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"Counters\","
                + "\"Key\":{\"name\":{\"S\":\"a\"}}}");

        // then
        assertThat(updated.get("Attributes")).isEqualTo(Json.parse("{\"n\":{\"N\":\"2\"}}"));
        assertThat(updated.get("SdkHttpMetadata").get("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(read.get("Item")).isEqualTo(Json.parse("{\"name\":{\"S\":\"a\"},\"n\":{\"N\":\"2\"},"
                + "\"tags\":{\"SS\":[\"x\"]},\"m\":{\"M\":{\"ok\":{\"BOOL\":true},\"l\":{\"L\":[{\"NULL\":true}]}}}}"));
        assertThat(viaSdk.has("SdkHttpMetadata")).isFalse();
        assertThat(gone.has("Item")).isFalse();
    }

    @Test
    void invoke_shouldFailWithTheIntegrationsErrorName_whenAConditionFails() throws TaskFailure {
        call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"Counters\",\"Item\":{\"name\":{\"S\":\"once\"}}}");
        String again = "{\"TableName\":\"Counters\",\"Item\":{\"name\":{\"S\":\"once\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(#k)\",\"ExpressionAttributeNames\":{\"#k\":\"name\"}}";

        assertThatThrownBy(() -> call("arn:aws:states:::dynamodb:putItem", again))
                .isInstanceOfSatisfying(TaskFailure.class, e -> {
                    assertThat(e.error()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
                    assertThat(e.failureCause().orElseThrow()).contains("conditional request failed");
                });
        assertThatThrownBy(() -> call("arn:aws:states:::aws-sdk:dynamodb:putItem", again))
                .isInstanceOfSatisfying(TaskFailure.class,
                        e -> assertThat(e.error()).isEqualTo("DynamoDb.ConditionalCheckFailedException"));
        assertThatThrownBy(() -> call("arn:aws:states:::dynamodb:getItem", "{\"TableName\":\"Nope\",\"Key\":"
                + "{\"name\":{\"S\":\"a\"}}}"))
                .isInstanceOfSatisfying(TaskFailure.class,
                        e -> assertThat(e.error()).isEqualTo("DynamoDB.ResourceNotFoundException"));
    }

    @Test
    void invoke_shouldRefuseFieldsTheApiDoesNotHave_whenTheDefinitionIsWrong() {
        assertThatThrownBy(() -> call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"Counters\","
                + "\"Item\":{\"name\":{\"S\":\"a\"}},\"Condition\":\"x\"}"))
                .isInstanceOfSatisfying(AslError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains("no parameter 'Condition'");
                });
        assertThatThrownBy(() -> call("arn:aws:states:::dynamodb:putItem", "{\"TableName\":\"Counters\","
                + "\"Item\":{\"name\":{\"Q\":\"a\"}}}"))
                .isInstanceOfSatisfying(TaskFailure.class,
                        e -> assertThat(e.error()).isEqualTo("DynamoDB.ValidationException"));
    }

    @Test
    void stateMachine_shouldReserveASlotOnlyOnce_whenTheConditionalCounterIsFull() throws Exception {
        // given: a capacity of one slot, reserved by a conditional counter update, full → CAPACITY
        String reserve = "{\"StartAt\":\"Reserve a slot\",\"States\":{\"Reserve a slot\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::dynamodb:updateItem\",\"Parameters\":{\"TableName\":\"${Counters}\","
                + "\"Key\":{\"name\":{\"S\":\"servers\"}},\"UpdateExpression\":\"ADD #c :one\","
                + "\"ConditionExpression\":\"attribute_not_exists(#c) OR #c < :max\",\"ExpressionAttributeNames\":"
                + "{\"#c\":\"count\"},\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":max\":{\"N\":\"1\"}}},"
                + "\"ResultPath\":null,\"Retry\":[{\"ErrorEquals\":[\"DynamoDB.SdkClientException\"]}],"
                + "\"Catch\":[{\"ErrorEquals\":[\"DynamoDB.ConditionalCheckFailedException\"],\"ResultPath\":\"$.error\","
                + "\"Next\":\"No capacity\"}],\"End\":true},\"No capacity\":{\"Type\":\"Fail\",\"Error\":\"CAPACITY\","
                + "\"Cause\":\"All servers are in use\"}}}";
        try (StateMachineRunner runner = StateMachineRunner.builder().store(new InMemoryExecutionStore()).tasks(TASKS)
                .build()) {
            String arn = runner.register("reserve", reserve, Map.of("Counters", "Counters"));

            // when
            String first = runner.startExecution(arn, Optional.of("first"), Optional.empty()).executionArn();
            ExecutionDescription firstDone = runner.awaitCompletion(first, Duration.ofSeconds(10));
            String second = runner.startExecution(arn, Optional.of("second"), Optional.empty()).executionArn();
            ExecutionDescription secondDone = runner.awaitCompletion(second, Duration.ofSeconds(10));

            // then
            assertThat(firstDone.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(secondDone.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(secondDone.error()).contains("CAPACITY");
        }
    }
}
