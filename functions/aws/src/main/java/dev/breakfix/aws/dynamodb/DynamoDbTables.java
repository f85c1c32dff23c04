package dev.breakfix.aws.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
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
    private DynamoDbTables() {}

    /** Creates the table unless it exists already. */
    public static void createIfMissing(DynamoDbClient dynamo, TableSpec spec, String tableName) {
        try {
            dynamo.createTable(createRequest(spec, tableName));
        } catch (ResourceInUseException alreadyThere) {
            // Created by an earlier run; the state directory keeps it.
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
