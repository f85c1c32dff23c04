package dev.breakfix.aws.dynamodb;

import dev.breakfix.session.ServerSlots;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The running-server count, item {@code name = "servers"}, attribute {@code running}, kept by the workflow. */
public final class DynamoDbServerSlots implements ServerSlots {
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
}
