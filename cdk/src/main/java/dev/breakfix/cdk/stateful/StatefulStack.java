package dev.breakfix.cdk.stateful;

import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.aws.dynamodb.Tables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * Everything that holds data and must outlive the code that uses it: the DynamoDB tables of
 * {@link Tables#ALL} and the S3 buckets. It changes rarely; the stateless stacks take its resources
 * through {@link #data()} and may be destroyed and rebuilt freely. Everything here is retained when
 * the stack is deleted.
 */
public final class StatefulStack extends Stack {

    /**
     * The resources the stateless stacks use. Tables are keyed by their spec, in {@link Tables#ALL} order.
     *
     * @param masterSecret the one secret every other key is derived from (SSH keys, token signing)
     */
    public record Data(Map<TableSpec, ITableV2> tables, IBucket recordings, IBucket website, ISecret masterSecret) {
        public Data {
            tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        }
    }

    private final Data data;

    public StatefulStack(Construct scope, String id, StackProps props, List<TableSpec> tables,
            RecordingsLifecycle recordingsLifecycle) {
        super(scope, id, props);
        Map<TableSpec, ITableV2> built = new LinkedHashMap<>();
        for (TableSpec spec : tables) {
            TableV2 table = SpecTable.create(this, spec);
            built.put(spec, table);
        }
        data = new Data(built, recordingsBucket(recordingsLifecycle), websiteBucket(), masterSecret());
    }

    public Data data() {
        return data;
    }

    /**
     * 64 random letters and digits: valid base64 of 48 bytes, which is how {@code MasterSecret} reads it.
     * Retained: losing it would orphan every running session's keys.
     */
    private ISecret masterSecret() {
        return Secret.Builder.create(this, "MasterSecret")
                .description("breakfix master secret: session SSH keys and token signing keys are derived from it")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .includeSpace(false)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * Session recordings (asciicast v2), written in chunks by the terminal gateway and joined at the
     * end of a session. Versioned so that a bad write can be undone for a while.
     */
    private IBucket recordingsBucket(RecordingsLifecycle lifecycle) {
        return Bucket.Builder.create(this, "Recordings")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("age-recordings")
                                .transitions(List.of(Transition.builder()
                                        .storageClass(StorageClass.INFREQUENT_ACCESS)
                                        .transitionAfter(Duration.days(lifecycle.infrequentAccessAfterDays()))
                                        .build()))
                                .expiration(Duration.days(lifecycle.expireAfterDays()))
                                .build(),
                        LifecycleRule.builder()
                                .id("expire-old-versions")
                                .noncurrentVersionExpiration(Duration.days(RecordingsLifecycle.NONCURRENT_VERSION_DAYS))
                                .expiredObjectDeleteMarker(true)
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()))
                .build();
    }

    /**
     * The static website. Private: only CloudFront distributions of this account read it, through an
     * origin access control. The grant is written here, not by the edge stack's origin, because a
     * policy naming one distribution would make this stack depend on the edge stack, which depends
     * on this one.
     */
    private IBucket websiteBucket() {
        Bucket website = Bucket.Builder.create(this, "Website")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-old-versions")
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()))
                .build();
        website.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudFrontOfThisAccountReads")
                .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(website.arnForObjects("*")))
                .conditions(Map.of(
                        "StringEquals", Map.of("AWS:SourceAccount", getAccount()),
                        "ArnLike", Map.of("AWS:SourceArn", Arn.format(ArnComponents.builder()
                                .service("cloudfront")
                                .region("")
                                .resource("distribution")
                                .resourceName("*")
                                .build(), this))))
                .build());
        return website;
    }
}
