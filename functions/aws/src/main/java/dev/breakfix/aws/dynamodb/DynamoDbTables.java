package dev.breakfix.aws.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates tables from their {@link TableSpec} where no CloudFormation does it: in the local runtime
 * and in adapter tests against the emulator.
 */
public final class DynamoDbTables {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTables.class);

    private DynamoDbTables() {}

    /** Creates the table unless it exists already. */
    public static void createIfMissing(DynamoDbClient dynamo, TableSpec spec, String tableName) {
        try {
            dynamo.createTable(createRequest(spec, tableName));
        } catch (ResourceInUseException alreadyThere) {
            // Created by an earlier run; the state directory keeps it.
        }
    }

    /**
     * Creates the table, or rebuilds one that an earlier version made with other indexes: its items are
     * copied out, the table is made again from {@code spec}, and the items are put back. For the local
     * emulator only, which cannot add an index to a table (CloudFormation does that on AWS); a crash in
     * the middle loses the local table's items.
     *
     * @return true if the table was rebuilt
     */
    public static boolean createOrRebuild(DynamoDbClient dynamo, TableSpec spec, String tableName) {
        try {
            dynamo.createTable(createRequest(spec, tableName));
            awaitActive(dynamo, tableName);
            return false;
        } catch (ResourceInUseException alreadyThere) {
            // Made by an earlier run: keep it if it has the indexes the spec asks for.
        }
        TableDescription current = dynamo.describeTable(b -> b.tableName(tableName)).table();
        Set<String> has = current.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet());
        Set<String> wanted = spec.indexes().stream().map(TableSpec.Index::name).collect(Collectors.toSet());
        if (has.equals(wanted)) {
            return false;
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(tableName).consistentRead(true)).items().forEach(items::add);
        LOG.warn("rebuilding table {} for its new indexes {} (was {}), keeping its {} items", tableName, wanted, has,
                items.size());
        dynamo.deleteTable(b -> b.tableName(tableName));
        awaitGone(dynamo, tableName);
        dynamo.createTable(createRequest(spec, tableName));
        awaitActive(dynamo, tableName);
        for (Map<String, AttributeValue> item : items) {
            dynamo.putItem(b -> b.tableName(tableName).item(item));
        }
        return true;
    }

    private static void awaitActive(DynamoDbClient dynamo, String tableName) {
        await(() -> dynamo.describeTable(b -> b.tableName(tableName)).table().tableStatus() == TableStatus.ACTIVE,
                tableName + " did not become active");
    }

    private static void awaitGone(DynamoDbClient dynamo, String tableName) {
        await(() -> {
            try {
                dynamo.describeTable(b -> b.tableName(tableName));
                return false;
            } catch (ResourceNotFoundException gone) {
                return true;
            }
        }, tableName + " was not deleted");
    }

    private static void await(BooleanSupplier done, String failure) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(failure);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(failure, e);
            }
        }
    }

    static CreateTableRequest createRequest(TableSpec spec, String tableName) {
        Set<String> keyAttributes = new LinkedHashSet<>();
        keyAttributes.add(spec.partitionKey());
        spec.sortKey().ifPresent(keyAttributes::add);
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSpec.Index index : spec.indexes()) {
            keyAttributes.add(index.partitionKey());
            index.sortKey().ifPresent(keyAttributes::add);
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey().orElse(null)))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(spec.partitionKey(), spec.sortKey().orElse(null)))
                .attributeDefinitions(keyAttributes.stream()
                        .map(name -> AttributeDefinition.builder()
                                .attributeName(name).attributeType(ScalarAttributeType.S).build())
                        .toList());
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    private static List<KeySchemaElement> keySchema(String partitionKey, String sortKey) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
        }
        return keys;
    }
}
