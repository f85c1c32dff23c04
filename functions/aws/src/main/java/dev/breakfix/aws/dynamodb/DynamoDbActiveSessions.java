package dev.breakfix.aws.dynamodb;

import dev.breakfix.session.ActiveSessions;
import dev.breakfix.session.Owner;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One lock item per owner in the Counters table: {@code name = "active#<owner key>"}, the holding
 * {@code sessionId}, and {@code expiresAt} (epoch seconds, also the TTL) after which the lock is free
 * even if nobody released it. The workflow releases it with a conditional delete at the end.
 */
public final class DynamoDbActiveSessions implements ActiveSessions {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbActiveSessions(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The lock item's key for an owner; the workflow builds the same with States.Format('active#{}'). */
    static String lockName(Owner owner) {
        return "active#" + owner.key();
    }

    @Override
    public Optional<SessionId> claim(Owner owner, SessionId session, Instant now, Instant until) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of("name", AttributeValue.fromS(lockName(owner)),
                                "sessionId", AttributeValue.fromS(session.value()),
                                "expiresAt", AttributeValue.fromN(Long.toString(until.getEpochSecond()))))
                        .conditionExpression("attribute_not_exists(#name) OR expiresAt < :now")
                        .expressionAttributeNames(Map.of("#name", "name"))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
                return Optional.empty();
            } catch (ConditionalCheckFailedException held) {
                Map<String, AttributeValue> lock = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                        .key(Map.of("name", AttributeValue.fromS(lockName(owner))))).item();
                if (lock != null && lock.containsKey("sessionId")) {
                    return Optional.of(new SessionId(lock.get("sessionId").s()));
                }
                // Released between the two calls: try again.
            }
        }
        throw new IllegalStateException("the owner's lock kept changing");
    }

    @Override
    public void release(Owner owner, SessionId session) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of("name", AttributeValue.fromS(lockName(owner))))
                    .conditionExpression("sessionId = :session")
                    .expressionAttributeValues(Map.of(":session", AttributeValue.fromS(session.value()))));
        } catch (ConditionalCheckFailedException heldByAnother) {
            // Not this session's lock any more: nothing to release.
        }
    }
}
