package dev.breakfix.cdk.stateful;

import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.aws.dynamodb.Tables;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.constructs.Construct;

/**
 * Builds a DynamoDB table from its {@link TableSpec}, the description the handlers and the local
 * runtime share. Keys, indexes and the TTL attribute come only from the spec; what each table is for
 * and how it is read is documented on {@link Tables}. Every table holds state that outlives a
 * deployment: on-demand, point-in-time recovery, deletion protection, retained when the stack goes.
 * The physical name is CloudFormation's; handlers read it from {@link TableSpec#environmentVariable()}.
 */
final class SpecTable {
    private SpecTable() {}

    static TableV2 create(Construct scope, TableSpec spec) {
        TableV2.Builder table = TableV2.Builder.create(scope, spec.id())
                .partitionKey(string(spec.partitionKey()))
                .billing(Billing.onDemand())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .globalSecondaryIndexes(indexes(spec.indexes()));
        spec.sortKey().ifPresent(key -> table.sortKey(string(key)));
        spec.ttlAttribute().ifPresent(table::timeToLiveAttribute);
        return table.build();
    }

    private static List<GlobalSecondaryIndexPropsV2> indexes(List<TableSpec.Index> indexes) {
        return indexes.stream().map(index -> {
            GlobalSecondaryIndexPropsV2.Builder gsi = GlobalSecondaryIndexPropsV2.builder()
                    .indexName(index.name())
                    .partitionKey(string(index.partitionKey()))
                    .projectionType(ProjectionType.ALL);
            index.sortKey().ifPresent(key -> gsi.sortKey(string(key)));
            return gsi.build();
        }).toList();
    }

    /** {@link TableSpec}: all keys are strings. */
    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
