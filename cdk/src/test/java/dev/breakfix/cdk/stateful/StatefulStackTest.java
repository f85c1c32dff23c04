package dev.breakfix.cdk.stateful;

import static dev.breakfix.cdk.TestApps.json;
import static dev.breakfix.cdk.TestApps.ref;
import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.TestApps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;

/** The stateful stack as the app builds it, with a non-default recordings lifecycle. */
class StatefulStackTest {
    private static final RecordingsLifecycle LIFECYCLE = TestApps.LIFECYCLE;

    @TempDir
    static Path folder;

    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().stateful());
    }

    static Stream<TableSpec> tables() {
        return Tables.ALL.stream();
    }

    @Test
    void tables_shouldBeOnePerSpec_forTablesAll() {
        // given Tables.ALL, when the stack is synthesized, then
        assertThat(resources(template, "AWS::DynamoDB::GlobalTable")).hasSize(Tables.ALL.size());
        for (TableSpec spec : Tables.ALL) {
            assertThat(resourceAt(template, BreakfixApp.STATEFUL_STACK + "/" + spec.id()).getValue()
                    .path("Type").asText()).isEqualTo("AWS::DynamoDB::GlobalTable");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void table_shouldHaveTheSpecsKeysIndexesAndTtl_forEverySpec(TableSpec spec) {
        JsonNode properties = table(spec).path("Properties");

        assertThat(keySchema(properties.path("KeySchema"))).isEqualTo(keys(spec.partitionKey(),
                spec.sortKey().orElse(null)));
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        properties.path("GlobalSecondaryIndexes").forEach(index -> {
            indexes.put(index.path("IndexName").asText(), keySchema(index.path("KeySchema")));
            assertThat(index.path("Projection").path("ProjectionType").asText()).isEqualTo("ALL");
        });
        Map<String, List<String>> expected = new LinkedHashMap<>();
        spec.indexes().forEach(index -> expected.put(index.name(),
                keys(index.partitionKey(), index.sortKey().orElse(null))));
        assertThat(indexes).isEqualTo(expected);
        properties.path("AttributeDefinitions").forEach(attribute ->
                assertThat(attribute.path("AttributeType").asText()).isEqualTo("S"));
        if (spec.ttlAttribute().isPresent()) {
            assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText())
                    .isEqualTo(spec.ttlAttribute().get());
            assertThat(properties.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        } else {
            assertThat(properties.has("TimeToLiveSpecification")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void table_shouldBeOnDemandRecoverableProtectedAndRetained_forEverySpec(TableSpec spec) {
        JsonNode table = table(spec);
        JsonNode properties = table.path("Properties");

        assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(properties.path("Replicas")).hasSize(1);
        JsonNode replica = properties.path("Replicas").get(0);
        assertThat(replica.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
        assertThat(replica.path("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(replica.path("Region").asText()).isEqualTo(TestApps.ENVIRONMENT.getRegion());
        assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void resources_shouldHaveNoHardCodedNames_always() {
        resources(template, "AWS::DynamoDB::GlobalTable").values().forEach(table ->
                assertThat(table.path("Properties").has("TableName")).isFalse());
        resources(template, "AWS::S3::Bucket").values().forEach(bucket ->
                assertThat(bucket.path("Properties").has("BucketName")).isFalse());
    }

    @Test
    void buckets_shouldBeEncryptedVersionedPrivateAndRetained_forEveryBucket() {
        Map<String, JsonNode> buckets = resources(template, "AWS::S3::Bucket");
        assertThat(buckets.keySet()).hasSize(2);

        buckets.forEach((id, bucket) -> {
            JsonNode properties = bucket.path("Properties");
            assertThat(properties.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0)
                    .path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText())
                    .as(id).isIn("AES256", "aws:kms");
            assertThat(properties.path("VersioningConfiguration").path("Status").asText()).as(id).isEqualTo("Enabled");
            JsonNode block = properties.path("PublicAccessBlockConfiguration");
            for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
                    "RestrictPublicBuckets")) {
                assertThat(block.path(setting).asBoolean()).as(id + " " + setting).isTrue();
            }
            assertThat(properties.path("OwnershipControls").path("Rules").get(0).path("ObjectOwnership").asText())
                    .as(id).isEqualTo("BucketOwnerEnforced");
            assertThat(bucket.path("DeletionPolicy").asText()).as(id).isEqualTo("Retain");
        });
    }

    @Test
    void buckets_shouldDenyRequestsWithoutTls_forEveryBucket() {
        Map<String, JsonNode> policies = resources(template, "AWS::S3::BucketPolicy");

        for (String bucket : resources(template, "AWS::S3::Bucket").keySet()) {
            List<JsonNode> denials = new ArrayList<>();
            policies.values().stream()
                    .filter(policy -> policy.path("Properties").path("Bucket").equals(ref(bucket)))
                    .forEach(policy -> policy.path("Properties").path("PolicyDocument").path("Statement")
                            .forEach(statement -> {
                                if ("Deny".equals(statement.path("Effect").asText())
                                        && "s3:*".equals(statement.path("Action").asText())
                                        && "false".equals(statement.path("Condition").path("Bool")
                                                .path("aws:SecureTransport").asText())) {
                                    denials.add(statement);
                                }
                            }));
            assertThat(denials).as(bucket).hasSize(1);
        }
    }

    @Test
    void website_shouldBeReadableOnlyByCloudFrontOfThisAccount_always() {
        String website = resourceAt(template, BreakfixApp.STATEFUL_STACK + "/Website").getKey();
        List<JsonNode> allows = new ArrayList<>();
        resources(template, "AWS::S3::BucketPolicy").values().stream()
                .filter(policy -> policy.path("Properties").path("Bucket").equals(ref(website)))
                .forEach(policy -> policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statement -> {
                    if ("Allow".equals(statement.path("Effect").asText())) {
                        allows.add(statement);
                    }
                }));

        assertThat(allows).singleElement().satisfies(allow -> {
            assertThat(allow.path("Principal").path("Service").asText()).isEqualTo("cloudfront.amazonaws.com");
            assertThat(allow.path("Action").asText()).isEqualTo("s3:GetObject");
            assertThat(allow.path("Condition").path("StringEquals").path("AWS:SourceAccount").asText())
                    .isEqualTo(TestApps.ENVIRONMENT.getAccount());
            assertThat(allow.path("Condition").path("ArnLike").path("AWS:SourceArn").asText())
                    .isEqualTo("arn:aws:cloudfront::" + TestApps.ENVIRONMENT.getAccount() + ":distribution/*");
        });
    }

    @Test
    void recordings_shouldBeReadableByNoOneYet_untilAGrant() {
        String recordings = resourceAt(template, BreakfixApp.STATEFUL_STACK + "/Recordings").getKey();

        resources(template, "AWS::S3::BucketPolicy").values().stream()
                .filter(policy -> policy.path("Properties").path("Bucket").equals(ref(recordings)))
                .forEach(policy -> policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statement ->
                        assertThat(statement.path("Effect").asText()).isEqualTo("Deny")));
    }

    @Test
    void recordings_shouldAllowCrossOriginGets_forThePresignedLinksTheWebsiteFollows() {
        // given the recordings bucket, where a large recording's 302 sends the website's fetch
        JsonNode cors = resourceAt(template, BreakfixApp.STATEFUL_STACK + "/Recordings").getValue()
                .path("Properties").path("CorsConfiguration").path("CorsRules");

        // then reads (only) are allowed from any origin; the presigned link is the credential
        assertThat(cors).hasSize(1);
        assertThat(texts(cors.get(0).path("AllowedMethods"))).containsExactlyInAnyOrder("GET", "HEAD");
        assertThat(texts(cors.get(0).path("AllowedOrigins"))).containsExactly("*");
        assertThat(resourceAt(template, BreakfixApp.STATEFUL_STACK + "/Website").getValue().path("Properties")
                .has("CorsConfiguration")).as("the website is same-origin").isFalse();
    }

    @Test
    void webClient_shouldUseTheCodeFlowWithoutASecret_fromAPlaceholderUrlTheEdgeStackReplaces() {
        JsonNode client = resourceAt(template, BreakfixApp.STATEFUL_STACK + "/WebClient").getValue().path("Properties");

        assertThat(client.path("GenerateSecret").asBoolean(true)).isFalse();
        assertThat(texts(client.path("AllowedOAuthFlows"))).containsExactly("code");
        assertThat(texts(client.path("AllowedOAuthScopes"))).containsExactlyInAnyOrderElementsOf(StatefulStack.WEB_CLIENT_SCOPES);
        assertThat(texts(client.path("SupportedIdentityProviders"))).containsExactly("COGNITO");
        assertThat(texts(client.path("CallbackURLs")))
                .containsExactly(StatefulStack.PLACEHOLDER_SITE + StatefulStack.SIGN_IN_CALLBACK_PATH);
        assertThat(client.path("UserPoolId")).isEqualTo(ref(resourceAt(template, BreakfixApp.STATEFUL_STACK + "/Users").getKey()));
        assertThat(client.has("ExplicitAuthFlows")).as("no password flows: the hosted pages only").isFalse();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    @Test
    void recordings_shouldMoveToInfrequentAccessThenExpire_asTheLifecycleSays() {
        JsonNode rules = recordings().path("Properties").path("LifecycleConfiguration").path("Rules");

        JsonNode ageing = rule(rules, "age-recordings");
        assertThat(ageing.path("Status").asText()).isEqualTo("Enabled");
        assertThat(ageing.path("Transitions")).hasSize(1);
        assertThat(ageing.path("Transitions").get(0).path("StorageClass").asText()).isEqualTo("STANDARD_IA");
        assertThat(ageing.path("Transitions").get(0).path("TransitionInDays").asInt())
                .isEqualTo(LIFECYCLE.infrequentAccessAfterDays());
        assertThat(ageing.path("ExpirationInDays").asInt()).isEqualTo(LIFECYCLE.expireAfterDays());
    }

    @Test
    void recordings_shouldExpireNoncurrentVersionsAndAbandonedUploads_always() {
        JsonNode rules = recordings().path("Properties").path("LifecycleConfiguration").path("Rules");

        JsonNode versions = rule(rules, "expire-old-versions");
        assertThat(versions.path("Status").asText()).isEqualTo("Enabled");
        assertThat(versions.path("NoncurrentVersionExpiration").path("NoncurrentDays").asInt())
                .isEqualTo(RecordingsLifecycle.NONCURRENT_VERSION_DAYS);
        assertThat(versions.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt()).isEqualTo(1);
    }

    private static JsonNode table(TableSpec spec) {
        return resourceAt(template, BreakfixApp.STATEFUL_STACK + "/" + spec.id()).getValue();
    }

    private static JsonNode recordings() {
        return resourceAt(template, BreakfixApp.STATEFUL_STACK + "/Recordings").getValue();
    }

    private static JsonNode rule(JsonNode rules, String id) {
        for (JsonNode rule : rules) {
            if (id.equals(rule.path("Id").asText())) {
                return rule;
            }
        }
        throw new AssertionError("no lifecycle rule " + id + " in " + rules);
    }

    /** A key schema as {@code ["name HASH", "name RANGE"]}. */
    private static List<String> keySchema(JsonNode schema) {
        List<String> keys = new ArrayList<>();
        schema.forEach(key -> keys.add(key.path("AttributeName").asText() + " " + key.path("KeyType").asText()));
        return keys;
    }

    private static List<String> keys(String partition, String sort) {
        return sort == null ? List.of(partition + " HASH") : List.of(partition + " HASH", sort + " RANGE");
    }
}
