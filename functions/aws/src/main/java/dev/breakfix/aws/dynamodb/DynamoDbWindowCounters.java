package dev.breakfix.aws.dynamodb;

import dev.breakfix.identity.WindowCounters;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Window counters in the Counters table: one item per counter and window ({@code name}, {@code count},
 * {@code expiresAt} — epoch seconds, also the TTL), counted up by one conditional update, so concurrent
 * requests never count past the limit. The window is part of the name, so a new window starts a new
 * item; an item whose window is over is treated as absent, since TTL deletes it late (and dynalite
 * never does).
 */
public final class DynamoDbWindowCounters implements WindowCounters {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbWindowCounters(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Count countIfBelow(String name, long limit, Instant windowEnd) {
        long now = clock.instant().getEpochSecond();
        try {
            // Over, or not there yet: start at one. Running and below the limit: add one.
            Map<String, AttributeValue> after = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("name", AttributeValue.fromS(name)))
                    .updateExpression("SET #count = if_not_exists(#count, :zero) + :one, expiresAt = :end")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .expressionAttributeNames(Map.of("#count", "count"))
                    .expressionAttributeValues(Map.of(
                            ":zero", n(0), ":one", n(1), ":limit", n(limit),
                            ":end", n(windowEnd.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return new Count.Counted(Long.parseLong(after.get("count").n()));
        } catch (ConditionalCheckFailedException atLimit) {
            return expiredAt(name, now) ? restart(name, limit, windowEnd, now) : new Count.LimitReached();
        }
    }

    /** Whether the counter's window is over (a leftover the TTL has not removed yet). */
    private boolean expiredAt(String name, long now) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("name", AttributeValue.fromS(name)))).item();
        return item != null && item.containsKey("expiresAt") && Long.parseLong(item.get("expiresAt").n()) <= now;
    }

    /** Starts an expired counter over at one, unless someone else restarted it first. */
    private Count restart(String name, long limit, Instant windowEnd, long now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("name", AttributeValue.fromS(name)))
                    .updateExpression("SET #count = :one, expiresAt = :end")
                    .conditionExpression("expiresAt <= :now")
                    .expressionAttributeNames(Map.of("#count", "count"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":end", n(windowEnd.getEpochSecond()),
                            ":now", n(now))));
            return new Count.Counted(1);
        } catch (ConditionalCheckFailedException restartedByAnother) {
            return countIfBelow(name, limit, windowEnd);
        }
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
