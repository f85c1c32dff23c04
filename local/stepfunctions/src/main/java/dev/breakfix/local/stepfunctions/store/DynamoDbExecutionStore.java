package dev.breakfix.local.stepfunctions.store;

import dev.breakfix.local.stepfunctions.ConcurrentUpdateException;
import dev.breakfix.local.stepfunctions.ExecutionSnapshot;
import dev.breakfix.local.stepfunctions.ExecutionStatus;
import dev.breakfix.local.stepfunctions.ExecutionStore;
import dev.breakfix.local.stepfunctions.HistoryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An {@link ExecutionStore} in one DynamoDB table (dynalite locally). String keys {@code pk} and
 * {@code sk}; every value is JSON text in {@code body}.
 *
 * <table>
 *   <caption>Items and access patterns</caption>
 *   <tr><th>item</th><th>pk</th><th>sk</th><th>other attributes</th></tr>
 *   <tr><td>definition revision</td><td>{@code DEF#<sha-256>}</td><td>{@code DEF}</td><td>{@code body}: the ASL text</td></tr>
 *   <tr><td>execution</td><td>{@code SM#<state machine ARN>}</td><td>{@code EXEC#<name>}</td>
 *       <td>{@code executionArn}, {@code status}, {@code version} (N), {@code body}</td></tr>
 *   <tr><td>history event</td><td>{@code HIST#<execution ARN>}</td><td>{@code EV#<id, 10 digits>}</td><td>{@code body}</td></tr>
 * </table>
 *
 * <ul>
 *   <li>find an execution: GetItem (the state machine ARN and name are parts of the execution ARN);</li>
 *   <li>list a state machine's executions: Query on {@code SM#…};</li>
 *   <li>read a history in order: Query on {@code HIST#…} (sort keys sort numerically);</li>
 *   <li>executions to resume at start: Scan filtered on {@code status = RUNNING} (a local table is small);</li>
 *   <li>save a transition: BatchWriteItem of the new events, then PutItem of the execution conditioned
 *       on the previous {@code version} (no transactions: dynalite has none). Events left by a write
 *       that was cut short have ids past the execution's {@code nextEventId}: they are not read, and
 *       the redone transition overwrites them.</li>
 * </ul>
 */
public final class DynamoDbExecutionStore implements ExecutionStore {
    public static final String DEFAULT_TABLE = "breakfix-local-stepfunctions";
    private static final int BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String table;

    private DynamoDbExecutionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the table unless it exists. */
    public DynamoDbExecutionStore createTableIfMissing() {
        try {
            dynamo.createTable(request -> request
                    .tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
            dynamo.waiter().waitUntilTableExists(request -> request.tableName(table));
        } catch (ResourceInUseException alreadyThere) {
            // Made by an earlier run.
        }
        return this;
    }

    @Override
    public void putDefinition(String revisionId, String definition) {
        dynamo.putItem(request -> request.tableName(table).item(Map.of(
                "pk", s("DEF#" + revisionId), "sk", s("DEF"), "body", s(definition))));
    }

    @Override
    public Optional<String> definition(String revisionId) {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("DEF#" + revisionId), "sk", s("DEF")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("body").s());
    }

    @Override
    public boolean create(ExecutionSnapshot execution, List<HistoryEvent> events) {
        try {
            dynamo.putItem(request -> request.tableName(table).item(item(execution))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
        writeEvents(execution.executionArn(), events);
        return true;
    }

    @Override
    public void update(ExecutionSnapshot execution, List<HistoryEvent> events) {
        writeEvents(execution.executionArn(), events);
        try {
            dynamo.putItem(request -> request.tableName(table).item(item(execution))
                    .conditionExpression("#v = :previous")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":previous", n(execution.version() - 1))));
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException(execution.executionArn(), execution.version() - 1);
        }
    }

    @Override
    public Optional<ExecutionSnapshot> find(String executionArn) {
        Optional<String[]> key = executionKey(executionArn);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(key.get()[0]), "sk", s(key.get()[1])))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(SnapshotCodec.snapshot(item.get("body").s()));
    }

    @Override
    public List<ExecutionSnapshot> list(String stateMachineArn) {
        List<ExecutionSnapshot> out = new ArrayList<>();
        query("SM#" + stateMachineArn, item -> out.add(SnapshotCodec.snapshot(item.get("body").s())));
        return out;
    }

    @Override
    public List<ExecutionSnapshot> running() {
        List<ExecutionSnapshot> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .filterExpression("begins_with(pk, :sm) AND #s = :running")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":sm", s("SM#"), ":running", s(ExecutionStatus.RUNNING.name())))
                    .exclusiveStartKey(from)
                    .build());
            page.items().forEach(item -> out.add(SnapshotCodec.snapshot(item.get("body").s())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public List<HistoryEvent> history(String executionArn) {
        Optional<ExecutionSnapshot> execution = find(executionArn);
        if (execution.isEmpty()) {
            return List.of();
        }
        long limit = execution.get().nextEventId();
        List<HistoryEvent> out = new ArrayList<>();
        query("HIST#" + executionArn, item -> {
            HistoryEvent event = SnapshotCodec.event(item.get("body").s());
            if (event.id() < limit) {
                out.add(event);
            }
        });
        return out;
    }

    private void query(String partition, java.util.function.Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(partition)))
                    .exclusiveStartKey(from)
                    .build());
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private void writeEvents(String executionArn, List<HistoryEvent> events) {
        for (int from = 0; from < events.size(); from += BATCH) {
            List<WriteRequest> writes = new ArrayList<>();
            for (HistoryEvent event : events.subList(from, Math.min(events.size(), from + BATCH))) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "pk", s("HIST#" + executionArn),
                        "sk", s(String.format("EV#%010d", event.id())),
                        "body", s(SnapshotCodec.write(event)))).build()).build());
            }
            Map<String, List<WriteRequest>> unprocessed = Map.of(table, writes);
            for (int round = 0; !unprocessed.isEmpty() && round < 10; round++) {
                Map<String, List<WriteRequest>> batch = unprocessed;
                BatchWriteItemResponse response = dynamo.batchWriteItem(request -> request.requestItems(batch));
                unprocessed = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
            if (!unprocessed.isEmpty()) {
                throw new IllegalStateException("history events of " + executionArn + " could not be written");
            }
        }
    }

    private Map<String, AttributeValue> item(ExecutionSnapshot execution) {
        String[] key = executionKey(execution.executionArn()).orElseThrow(() -> new IllegalArgumentException(
                "not an execution ARN: " + execution.executionArn()));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(key[0]));
        item.put("sk", s(key[1]));
        item.put("executionArn", s(execution.executionArn()));
        item.put("status", s(execution.status().name()));
        item.put("version", n(execution.version()));
        item.put("body", s(SnapshotCodec.write(execution)));
        return item;
    }

    /** {@code arn:aws:states:R:A:execution:SM:NAME} → {@code SM#arn:aws:states:R:A:stateMachine:SM}, {@code EXEC#NAME}. */
    private static Optional<String[]> executionKey(String executionArn) {
        String[] parts = executionArn.split(":");
        if (parts.length != 8 || !parts[5].equals("execution")) {
            return Optional.empty();
        }
        String machine = String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]);
        return Optional.of(new String[] {"SM#" + machine, "EXEC#" + parts[7]});
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The client is given, or one is built with the url-connection HTTP client and the environment's region. */
    public static final class Builder {
        private DynamoDbClient dynamo;
        private String table = DEFAULT_TABLE;

        private Builder() {}

        public Builder client(DynamoDbClient dynamo) {
            this.dynamo = dynamo;
            return this;
        }

        public Builder tableName(String table) {
            this.table = table;
            return this;
        }

        public DynamoDbExecutionStore build() {
            DynamoDbClient client = dynamo != null ? dynamo
                    : DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            return new DynamoDbExecutionStore(client, table);
        }
    }
}
