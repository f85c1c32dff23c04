package dev.breakfix.cdk.stateful;

import dev.breakfix.api.auth.SignInSettings;
import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.aws.dynamodb.Tables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.breakfix.cdk.constructs.Nag;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.ManagedLoginVersion;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.ecr.CfnRepository;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
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
    /** What the website's sign-in may ask for; the API's sign-in settings list the same ({@code OIDC_SCOPES}). */
    public static final List<String> WEB_CLIENT_SCOPES = List.of("openid", "email", "profile");
    /**
     * The web client's callback and sign-out URLs until the edge stack sets the distribution's: the client
     * is created here, before the distribution exists, so that the API stack can read its id without
     * depending on the edge stack (which depends on the API). {@code .invalid} never resolves.
     */
    public static final String PLACEHOLDER_SITE = "https://breakfix.invalid";
    /**
     * Where the website finishes the Cognito sign-in (authorization code with PKCE): the address the API's
     * {@code GET /api/auth/config} tells it to come back to, so Cognito accepts the redirect.
     */
    public static final String SIGN_IN_CALLBACK_PATH = SignInSettings.REDIRECT_PATH;

    /**
     * The resources the stateless stacks use. Tables are keyed by their spec, in {@link Tables#ALL} order.
     *
     * @param masterSecret the one secret every other key is derived from (SSH keys, token signing)
     * @param users the Cognito user pool signed-in users belong to
     * @param webClient the website's app client of that pool (its URLs are set by the edge stack)
     * @param gatewayImages the ECR repository the operator pushes the terminal gateway's image to
     * @param hostedUi the base URL of the user pool's hosted sign-in pages ({@code https://<domain>})
     */
    public record Data(Map<TableSpec, ITableV2> tables, IBucket recordings, IBucket website, ISecret masterSecret,
            IUserPool users, UserPoolClient webClient, IRepository gatewayImages, String hostedUi) {
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
        IBucket recordings = recordingsBucket(recordingsLifecycle);
        IBucket website = websiteBucket();
        Nag.acknowledge(recordings, "AwsSolutions-S1",
                "recordings are read only through presigned links the API issues, whose access logs say who asked; server access logs would log the same reads again");
        Nag.acknowledge(website, "AwsSolutions-S1",
                "the website is public content read only by CloudFront; per-object access logs would add a bucket and cost without telling anything new");
        CfnOutput.Builder.create(this, "WebsiteBucketName").value(website.getBucketName()).build();
        UserPool users = userPool();
        UserPoolClient webClient = webClient(users);
        data = new Data(built, recordings, website, masterSecret(), users, webClient, gatewayImages(), hostedUi);
    }

    public Data data() {
        return data;
    }

    /**
     * The people who sign in: email as the user name, verified by Cognito; passwords of 12+ characters
     * with every character class; optional TOTP MFA; the Essentials feature plan (managed login).
     * Retained, with deletion protection: it holds the users.
     */
    private String hostedUi;

    private UserPool userPool() {
        UserPool pool = UserPool.Builder.create(this, "Users")
                .selfSignUpEnabled(true)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .signInCaseSensitive(false)
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .build())
                .mfa(Mfa.OPTIONAL)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .featurePlan(FeaturePlan.ESSENTIALS)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // The hosted sign-in pages; the prefix must be unique in the region, so it carries the account id.
        UserPoolDomain domain = pool.addDomain("HostedUi", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder()
                        .domainPrefix(Fn.join("", List.of("breakfix-", Aws.ACCOUNT_ID)))
                        .build())
                .managedLoginVersion(ManagedLoginVersion.NEWER_MANAGED_LOGIN)
                .build());
        CfnOutput.Builder.create(this, "UserPoolId").value(pool.getUserPoolId()).build();
        hostedUi = domain.baseUrl();
        CfnOutput.Builder.create(this, "HostedUiBaseUrl").value(hostedUi).build();
        Nag.acknowledge(pool, "AwsSolutions-COG2",
                "learners sign up to practise; MFA is offered (TOTP) but not forced, which would turn most of them away");
        Nag.acknowledge(pool, "AwsSolutions-COG8",
                "the Plus plan's threat protection costs per active user; Essentials with strong passwords and optional MFA fits a practice site");
        return pool;
    }

    /**
     * The website's app client: authorization code with PKCE, no secret, Cognito's own sign-in only, tokens
     * valid 1 hour (refresh 30 days). Its URLs start as {@link #PLACEHOLDER_SITE}'s; the edge stack sets the
     * distribution's with {@code UpdateUserPoolClient} on each deployment ({@code EdgeStack}).
     */
    private UserPoolClient webClient(UserPool pool) {
        UserPoolClient client = UserPoolClient.Builder.create(this, "WebClient")
                .userPool(pool)
                .generateSecret(false)
                .authFlows(AuthFlow.builder().build())
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(WEB_CLIENT_SCOPES.stream().map(OAuthScope::custom).toList())
                        .callbackUrls(List.of(PLACEHOLDER_SITE + SIGN_IN_CALLBACK_PATH))
                        .logoutUrls(List.of(PLACEHOLDER_SITE + "/"))
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .preventUserExistenceErrors(true)
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.days(30))
                .build();
        CfnOutput.Builder.create(this, "WebClientId").value(client.getUserPoolClientId())
                .description("the website's Cognito app client (authorization code with PKCE, no secret)").build();
        return client;
    }

    /**
     * The terminal gateway's container images: the operator pushes them (docs/deploy.md) and the
     * gateway stack runs a tag of this repository. Scanned on push; the newest 10 kept.
     */
    private IRepository gatewayImages() {
        Repository repository = Repository.Builder.create(this, "GatewayImages")
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.MUTABLE)
                .encryption(RepositoryEncryption.AES_256)
                .lifecycleRules(List.of(software.amazon.awscdk.services.ecr.LifecycleRule.builder()
                        .description("keep the newest 10 images")
                        .maxImageCount(10)
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        CfnOutput.Builder.create(this, "GatewayImagesUri").value(repository.getRepositoryUri())
                .description("push the terminal gateway image here (docs/deploy.md)").build();
        // AES-256 is ECR's default; written out so that the template says so.
        ((CfnRepository) repository.getNode().getDefaultChild()).setEncryptionConfiguration(
                CfnRepository.EncryptionConfigurationProperty.builder().encryptionType("AES256").build());
        return repository;
    }

    /**
     * 64 random letters and digits: valid base64 of 48 bytes, which is how {@code MasterSecret} reads it.
     * Retained: losing it would orphan every running session's keys.
     */
    private ISecret masterSecret() {
        Secret secret = Secret.Builder.create(this, "MasterSecret")
                .description("breakfix master secret: session SSH keys and token signing keys are derived from it")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .includeSpace(false)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.acknowledge(secret, "AwsSolutions-SMG4",
                "every session's SSH keys are derived from this secret: rotating it would lock the platform out of running servers; rotation is a planned operator task (docs/deploy.md)");
        return secret;
    }

    /**
     * Session recordings (asciicast v2), written in chunks by the terminal gateway and joined at the
     * end of a session. Versioned so that a bad write can be undone for a while.
     */
    private IBucket recordingsBucket(RecordingsLifecycle lifecycle) {
        return Bucket.Builder.create(this, "Recordings")
                // A recording too large to answer inline is a 302 to a presigned link (RecordingResponses),
                // which the website's fetch follows across origins: S3 must allow that GET. Any origin: the
                // link itself is the credential, and no cookie or header is sent with it.
                .cors(List.of(CorsRule.builder()
                        .allowedMethods(List.of(HttpMethods.GET, HttpMethods.HEAD))
                        .allowedOrigins(List.of("*"))
                        .allowedHeaders(List.of("Accept", "Range"))
                        .exposedHeaders(List.of("Content-Length", "Content-Type", "ETag"))
                        .maxAge(3600)
                        .build()))
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
