package dev.breakfix.aws.dynamodb;

import dev.breakfix.session.ServerSlotRelease;
import dev.breakfix.session.ServerSlots;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The running-server count, item {@code name = "servers"}, attribute {@code running}, kept by the workflow
 * (reserve, release); the reaper releases the slots of sessions whose workflow died, with the same write.
 */
public final class DynamoDbServerSlots implements ServerSlots, ServerSlotRelease {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbServerSlots(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public int running() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("name", AttributeValue.fromS("servers")))).item();
        return item == null || !item.containsKey("running") ? 0 : Integer.parseInt(item.get("running").n());
    }

    /** The workflow's "Release the server slot": one fewer, never below zero. */
    @Override
    public void release() {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("name", AttributeValue.fromS("servers")))
                    .updateExpression("ADD running :minusOne")
                    .conditionExpression("running > :zero")
                    .expressionAttributeValues(Map.of(":minusOne", AttributeValue.fromN("-1"),
                            ":zero", AttributeValue.fromN("0"))));
        } catch (ConditionalCheckFailedException alreadyZero) {
            // Nothing is counted: there is nothing to give back.
        }
    }
}
