package dev.breakfix.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

class DynamoDbTablesTest {
    private static final TableSpec OLD = new TableSpec("Things", "THINGS_TABLE", "id", Optional.empty(),
            List.of(new TableSpec.Index("byOwner", "owner", Optional.of("createdAt"))), Optional.empty());
    private static final TableSpec NEW = new TableSpec("Things", "THINGS_TABLE", "id", Optional.empty(),
            List.of(new TableSpec.Index("byOwner", "owner", Optional.of("createdAt")),
                    new TableSpec.Index("byInFlight", "inFlight", Optional.of("createdAt"))), Optional.empty());

    @Test
    void createOrRebuild_shouldAddTheNewIndex_andKeepTheItems_whenAnOlderSpecMadeTheTable() {
        // given a table made by an earlier version, with an item in it
        String name = "things-" + System.nanoTime();
        var dynamo = LocalDynamoDb.client();
        assertThat(DynamoDbTables.createOrRebuild(dynamo, OLD, name)).isFalse();
        dynamo.putItem(b -> b.tableName(name).item(Map.of("id", AttributeValue.fromS("a"),
                "owner", AttributeValue.fromS("alice"), "createdAt", AttributeValue.fromS("2026-01-01T00:00:00Z"),
                "inFlight", AttributeValue.fromS("yes"))));

        // when the runtime starts with the newer spec
        boolean rebuilt = DynamoDbTables.createOrRebuild(dynamo, NEW, name);

        // then the table has both indexes, the item is kept, and the new index answers
        assertThat(rebuilt).isTrue();
        assertThat(dynamo.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes())
                .extracting(GlobalSecondaryIndexDescription::indexName).containsExactlyInAnyOrder("byOwner", "byInFlight");
        assertThat(dynamo.getItem(b -> b.tableName(name).key(Map.of("id", AttributeValue.fromS("a")))).item())
                .containsEntry("owner", AttributeValue.fromS("alice"));
        assertThat(dynamo.query(b -> b.tableName(name).indexName("byInFlight")
                .keyConditionExpression("inFlight = :yes")
                .expressionAttributeValues(Map.of(":yes", AttributeValue.fromS("yes")))).count()).isEqualTo(1);
    }

    @Test
    void createOrRebuild_shouldLeaveTheTableAlone_whenItsIndexesMatch() {
        String name = "things-" + System.nanoTime();
        var dynamo = LocalDynamoDb.client();
        DynamoDbTables.createOrRebuild(dynamo, NEW, name);
        dynamo.putItem(b -> b.tableName(name).item(Map.of("id", AttributeValue.fromS("a"))));

        assertThat(DynamoDbTables.createOrRebuild(dynamo, NEW, name)).isFalse();
        assertThat(dynamo.scan(b -> b.tableName(name)).count()).isEqualTo(1);
    }
}
