package dev.breakfix.aws.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * The shape of one DynamoDB table, in plain values, so that the CDK app and the local runtime build
 * the same tables from one description.
 *
 * @param id the table's logical name (CDK construct id, local table name)
 * @param environmentVariable where handlers find the table's physical name
 * @param ttlAttribute the attribute holding an expiry time in epoch seconds, if items expire
 */
public record TableSpec(
        String id,
        String environmentVariable,
        String partitionKey,
        Optional<String> sortKey,
        List<Index> indexes,
        Optional<String> ttlAttribute) {

    /** A global secondary index with all attributes projected; keys are strings. */
    public record Index(String name, String partitionKey, Optional<String> sortKey) {}
}
