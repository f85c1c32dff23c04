package dev.breakfix.aws.dynamodb;

import dev.breakfix.terminal.UsedTickets;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Used terminal tickets in the Counters table: one item {@code name = "ticket#<nonce>"} per ticket,
 * put only if absent, with {@code expiresAt} (epoch seconds, the TTL) a minute after the ticket's own
 * expiry. An item left after its TTL (deletion is late, and absent in dynalite) still refuses its
 * nonce, which is right: that ticket has expired anyway.
 */
public final class DynamoDbUsedTickets implements UsedTickets {
    /** Kept this long past the ticket's expiry, so no clock difference lets a used ticket through. */
    static final long KEEP_SECONDS = 60;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbUsedTickets(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String itemName(String nonce) {
        return "ticket#" + nonce;
    }

    @Override
    public boolean markUsed(String nonce, Instant ticketExpiresAt) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("name", AttributeValue.fromS(itemName(nonce)),
                            "expiresAt", AttributeValue.fromN(Long.toString(ticketExpiresAt.getEpochSecond() + KEEP_SECONDS))))
                    .conditionExpression("attribute_not_exists(#name)")
                    .expressionAttributeNames(Map.of("#name", "name")));
            return true;
        } catch (ConditionalCheckFailedException usedAlready) {
            return false;
        }
    }
}
