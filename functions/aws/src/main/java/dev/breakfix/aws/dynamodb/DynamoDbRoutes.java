package dev.breakfix.aws.dynamodb;

import dev.breakfix.server.Routes;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.SessionId;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Routes in DynamoDB: {@code sessionId}, {@code serverId}, {@code address}; the workflow writes and deletes them. */
public final class DynamoDbRoutes implements Routes {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRoutes(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Route> find(SessionId session) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("sessionId", AttributeValue.fromS(session.value())))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Route(session, new ServerId(item.get("serverId").s()), item.get("address").s()));
    }
}
