package dev.breakfix.local.stepfunctions.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.asl.AslError;
import dev.breakfix.local.stepfunctions.asl.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Step Functions' DynamoDB integrations against a DynamoDB endpoint (dynalite locally): the
 * optimized {@code arn:aws:states:::dynamodb:putItem|updateItem|getItem|deleteItem} and the same
 * four actions of the AWS SDK integration {@code arn:aws:states:::aws-sdk:dynamodb:…}. Parameters
 * are the API's request, typed attribute values included; the result is the API's response.
 * Service errors become {@code DynamoDB.<ErrorCode>} (optimized) or {@code DynamoDb.<ErrorCode>}
 * (SDK integration), e.g. {@code DynamoDB.ConditionalCheckFailedException}, as on AWS.
 */
public final class DynamoDbTasks {
    private static final Set<String> COMMON = Set.of("TableName", "ReturnConsumedCapacity");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "putItem", Set.of("Item", "ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues",
                    "ReturnValues", "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure"),
            "updateItem", Set.of("Key", "UpdateExpression", "ConditionExpression", "ExpressionAttributeNames",
                    "ExpressionAttributeValues", "ReturnValues", "ReturnItemCollectionMetrics",
                    "ReturnValuesOnConditionCheckFailure"),
            "getItem", Set.of("Key", "ConsistentRead", "ProjectionExpression", "ExpressionAttributeNames"),
            "deleteItem", Set.of("Key", "ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues",
                    "ReturnValues", "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure"));

    private final DynamoDbClient dynamo;
    private final String errorPrefix;
    private final boolean optimized;

    private DynamoDbTasks(DynamoDbClient dynamo, String errorPrefix, boolean optimized) {
        this.dynamo = dynamo;
        this.errorPrefix = errorPrefix;
        this.optimized = optimized;
    }

    /** Registers both integrations' four actions on {@code resources}, calling {@code dynamo}. */
    public static void register(TaskResources resources, DynamoDbClient dynamo) {
        DynamoDbTasks optimizedTasks = new DynamoDbTasks(dynamo, "DynamoDB", true);
        DynamoDbTasks sdkTasks = new DynamoDbTasks(dynamo, "DynamoDb", false);
        for (String action : FIELDS.keySet()) {
            resources.register("arn:aws:states:::dynamodb:" + action, optimizedTasks::invoke);
            resources.register(TaskResources.AWS_SDK_PREFIX + "dynamodb:" + action, sdkTasks::invoke);
        }
    }

    JsonNode invoke(TaskRequest request) throws TaskFailure {
        String action = request.action();
        JsonNode parameters = request.input();
        check(action, parameters);
        try {
            ObjectNode response = call(action, parameters);
            if (optimized) {
                response.putObject("SdkHttpMetadata").put("HttpStatusCode", 200);
                response.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
            }
            return response;
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
            throw new TaskFailure(errorPrefix + "." + code, e.getMessage());
        } catch (SdkClientException e) {
            throw new TaskFailure(errorPrefix + ".SdkClientException", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new TaskFailure(errorPrefix + ".ValidationException", e.getMessage());
        }
    }

    /** Fields the API does not know are a definition mistake, as Step Functions rejects them. */
    private void check(String action, JsonNode parameters) {
        Set<String> allowed = FIELDS.get(action);
        if (allowed == null) {
            throw AslError.runtime("the local DynamoDB integration supports putItem, updateItem, getItem and"
                    + " deleteItem, not " + action);
        }
        if (!parameters.isObject() || !parameters.has("TableName")) {
            throw AslError.runtime("DynamoDB " + action + " needs Parameters with a TableName");
        }
        Iterator<String> names = parameters.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name) && !COMMON.contains(name)) {
                throw AslError.runtime("DynamoDB " + action + " has no parameter '" + name + "'");
            }
        }
    }

    private ObjectNode call(String action, JsonNode p) {
        String table = p.get("TableName").asText();
        ObjectNode out = Json.object();
        switch (action) {
            case "putItem": {
                PutItemResponse response = dynamo.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(AttributeValues.toItem(p.get("Item"), "Item"))
                        .conditionExpression(text(p, "ConditionExpression"))
                        .expressionAttributeNames(names(p))
                        .expressionAttributeValues(values(p))
                        .returnValues(text(p, "ReturnValues"))
                        .returnValuesOnConditionCheckFailure(text(p, "ReturnValuesOnConditionCheckFailure"))
                        .build());
                return withAttributes(out, response.hasAttributes(), response.attributes());
            }
            case "updateItem": {
                UpdateItemResponse response = dynamo.updateItem(UpdateItemRequest.builder()
                        .tableName(table)
                        .key(AttributeValues.toItem(p.get("Key"), "Key"))
                        .updateExpression(text(p, "UpdateExpression"))
                        .conditionExpression(text(p, "ConditionExpression"))
                        .expressionAttributeNames(names(p))
                        .expressionAttributeValues(values(p))
                        .returnValues(text(p, "ReturnValues"))
                        .returnValuesOnConditionCheckFailure(text(p, "ReturnValuesOnConditionCheckFailure"))
                        .build());
                return withAttributes(out, response.hasAttributes(), response.attributes());
            }
            case "getItem": {
                GetItemRequest.Builder request = GetItemRequest.builder()
                        .tableName(table)
                        .key(AttributeValues.toItem(p.get("Key"), "Key"))
                        .projectionExpression(text(p, "ProjectionExpression"))
                        .expressionAttributeNames(names(p));
                if (p.has("ConsistentRead")) {
                    request.consistentRead(p.get("ConsistentRead").asBoolean());
                }
                GetItemResponse response = dynamo.getItem(request.build());
                if (response.hasItem()) {
                    out.set("Item", AttributeValues.fromItem(response.item()));
                }
                return out;
            }
            default: {
                DeleteItemResponse response = dynamo.deleteItem(DeleteItemRequest.builder()
                        .tableName(table)
                        .key(AttributeValues.toItem(p.get("Key"), "Key"))
                        .conditionExpression(text(p, "ConditionExpression"))
                        .expressionAttributeNames(names(p))
                        .expressionAttributeValues(values(p))
                        .returnValues(text(p, "ReturnValues"))
                        .returnValuesOnConditionCheckFailure(text(p, "ReturnValuesOnConditionCheckFailure"))
                        .build());
                return withAttributes(out, response.hasAttributes(), response.attributes());
            }
        }
    }

    /** Step Functions returns {@code Attributes} only when DynamoDB returned some (ReturnValues). */
    private static ObjectNode withAttributes(ObjectNode out, boolean has, java.util.Map<String,
            software.amazon.awssdk.services.dynamodb.model.AttributeValue> attributes) {
        if (has && !attributes.isEmpty()) {
            out.set("Attributes", AttributeValues.fromItem(attributes));
        }
        return out;
    }

    private static String text(JsonNode parameters, String field) {
        JsonNode value = parameters.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> names(JsonNode parameters) {
        JsonNode names = parameters.get("ExpressionAttributeNames");
        if (names == null || names.isNull()) {
            return null;
        }
        if (!names.isObject()) {
            throw new IllegalArgumentException("ExpressionAttributeNames must be an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        names.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Map<String, AttributeValue> values(JsonNode parameters) {
        JsonNode values = parameters.get("ExpressionAttributeValues");
        return values == null || values.isNull() ? null : AttributeValues.toItem(values, "ExpressionAttributeValues");
    }
}
