package dev.breakfix.cdk.constructs;

import dev.breakfix.aws.dynamodb.TableSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Grants written out action by action instead of aws-cdk-lib's {@code grant*} helpers, which use
 * action wildcards ({@code s3:GetObject*}) and every index of a table ({@code index/*}): a table grant
 * names the indexes of its {@link TableSpec}; an object grant names each action and gets a policy of its
 * own, so the one wildcard left (the objects' key, a session id known only at run time) is
 * acknowledged on that policy and nowhere else.
 */
public final class Grants {
    static final List<String> TABLE_READ = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable");
    static final List<String> TABLE_WRITE = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem");

    /** What may be done with recordings. */
    public enum Objects {
        READ("s3:GetObject"), WRITE("s3:PutObject"), DELETE("s3:DeleteObject");

        private final String action;

        Objects(String action) {
            this.action = action;
        }
    }

    private Grants() {}

    /** Reads (and with {@code write}, writes) items of the table and queries its spec's indexes. */
    public static void table(IRole role, TableSpec spec, ITableV2 table, boolean write) {
        List<String> resources = new ArrayList<>();
        resources.add(table.getTableArn());
        spec.indexes().forEach(index -> resources.add(table.getTableArn() + "/index/" + index.name()));
        List<String> actions = new ArrayList<>(TABLE_READ);
        if (write) {
            actions.addAll(TABLE_WRITE);
        }
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(resources)
                .build());
    }

    /** Exactly {@code actions} on the table's items, no index: for a writer that only puts (the gateway's used tickets). */
    public static void items(IRole role, ITableV2 table, List<String> actions) {
        if (actions.stream().anyMatch(action -> !action.startsWith("dynamodb:") || action.contains("*"))) {
            throw new IllegalArgumentException("DynamoDB item actions are named one by one: " + actions);
        }
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(table.getTableArn()))
                .build());
    }

    /**
     * Object access to the recordings bucket, in a policy of its own ({@code id} under {@code scope}); list
     * access to the bucket comes with reading (the recordings of a session are found by prefix).
     */
    public static Policy objects(Construct scope, String id, IRole role, IBucket bucket, List<Objects> access) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(access.stream().map(a -> a.action).toList())
                .resources(List.of(bucket.arnForObjects("*")))
                .build());
        if (access.contains(Objects.READ)) {
            statements.add(PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(bucket.getBucketArn()))
                    .build());
        }
        Policy policy = Policy.Builder.create(scope, id).statements(statements).roles(List.of(role)).build();
        Nag.acknowledgeMatching(policy, "AwsSolutions-IAM5", "Resource::[^\\]]*/\\*",
                "recordings are keyed by session id, known only when a session runs; this policy holds nothing but the recording object actions");
        return policy;
    }
}
