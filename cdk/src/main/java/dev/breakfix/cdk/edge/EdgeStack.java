package dev.breakfix.cdk.edge;

import dev.breakfix.cdk.api.ApiStack;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.breakfix.cdk.constructs.Nag;
import dev.breakfix.cdk.network.NetworkStack;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.VpcOrigin;
import software.amazon.awscdk.services.cloudfront.origins.VpcOriginWithEndpointProps;
import software.amazon.awscdk.services.cognito.CfnUserPoolClient;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.cloudfront.OriginRequestCookieBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestQueryStringBehavior;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import dev.breakfix.cdk.stateful.StatefulStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.RestApiOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The one public entry: a CloudFront distribution serving the website bucket (through an origin
 * access control) and sending {@code /api} and {@code /api/*} to the REST API's stage, uncached,
 * with every method, and {@code /term/*} to the terminal gateway's internal load balancer (a VPC
 * origin). It also publishes the website ({@code frontend/dist} and {@code docs/openapi.yaml}) to its
 * bucket, and points the website's Cognito app client (created in the stateful stack) at this
 * distribution's URLs.
 */
public final class EdgeStack extends Stack {
    /** The path patterns CloudFront sends to API Gateway; the REST API routes them itself. */
    public static final String API_PATTERN = ApiStack.API_PATH + "/*";
    /** The path patterns CloudFront sends to the terminal gateway (WebSockets). */
    public static final String TERMINAL_PATTERN = "/term/*";
    /** Where the website finishes the Cognito sign-in (authorization code with PKCE). */
    public static final String SIGN_IN_CALLBACK_PATH = StatefulStack.SIGN_IN_CALLBACK_PATH;
    /** Where the website's API page reads the API's description, as locally. */
    public static final String OPENAPI_KEY = "docs/openapi.yaml";

    /**
     * What the distribution sends requests to.
     *
     * @param data the stateful stack's resources: the website bucket, the user pool and its web client
     * @param api the REST API ({@code /api}, {@code /api/*})
     * @param clientAddressPaths API paths whose function needs the viewer's address
     *     ({@code ApiStack.clientAddressPaths}): each gets a behavior forwarding {@code CloudFront-Viewer-Address}
     * @param terminalGateway the gateway's internal load balancer ({@code /term/*})
     */
    public record Origins(StatefulStack.Data data, RestApi api, List<String> clientAddressPaths,
            ApplicationLoadBalancer terminalGateway) {
        public Origins {
            clientAddressPaths = List.copyOf(clientAddressPaths);
        }
    }

    /**
     * What is published to the website bucket on each deployment.
     *
     * @param folder the built website ({@code frontend/dist}: {@code npm run build})
     * @param openApi {@code docs/openapi.yaml}, published as {@value #OPENAPI_KEY}
     */
    public record Website(Path folder, Path openApi) {}

    private final Distribution distribution;
    private final BucketDeployment websiteDeployment;

    public EdgeStack(Construct scope, String id, StackProps props, Origins origins, Website website) {
        super(scope, id, props);
        StatefulStack.Data data = origins.data();

        // The website bucket's policy lives with the bucket (StatefulStack): the origin is given an
        // imported bucket so that it does not try to add the grant from this stack.
        IBucket websiteByName = Bucket.fromBucketAttributes(this, "WebsiteBucket", BucketAttributes.builder()
                .bucketName(data.website().getBucketName())
                .bucketArn(data.website().getBucketArn())
                .bucketRegionalDomainName(data.website().getBucketRegionalDomainName())
                .build());
        IOrigin websiteOrigin = S3BucketOrigin.withOriginAccessControl(websiteByName);

        IOrigin apiOrigin = new RestApiOrigin(origins.api());
        BehaviorOptions toApi = BehaviorOptions.builder()
                .origin(apiOrigin)
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .build();
        // The terminal gateway's internal load balancer as a VPC origin: no public endpoint, HTTP on
        // AWS's network; WebSocket upgrades need the viewer's headers and no caching.
        BehaviorOptions toTerminal = BehaviorOptions.builder()
                .origin(VpcOrigin.withApplicationLoadBalancer(origins.terminalGateway(), VpcOriginWithEndpointProps.builder()
                        .httpPort(NetworkStack.LOAD_BALANCER_PORT)
                        .protocolPolicy(OriginProtocolPolicy.HTTP_ONLY)
                        .readTimeout(Duration.seconds(60))
                        .keepaliveTimeout(Duration.seconds(60))
                        .build()))
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER)
                .build();
        Map<String, BehaviorOptions> behaviors = new LinkedHashMap<>();
        if (!origins.clientAddressPaths().isEmpty()) {
            BehaviorOptions withViewerAddress = BehaviorOptions.builder()
                    .origin(apiOrigin)
                    .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                    .allowedMethods(AllowedMethods.ALLOW_ALL)
                    .cachePolicy(CachePolicy.CACHING_DISABLED)
                    .originRequestPolicy(viewerAddressPolicy())
                    .build();
            // More specific than /api/*, so listed first (CloudFront matches behaviors in order).
            origins.clientAddressPaths().forEach(path -> behaviors.put(path, withViewerAddress));
        }
        behaviors.put(ApiStack.API_PATH, toApi);
        behaviors.put(API_PATTERN, toApi);
        behaviors.put(TERMINAL_PATTERN, toTerminal);

        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("breakfix: website and /api")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(websiteOrigin)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(ResponseHeadersPolicy.SECURITY_HEADERS)
                        .compress(true)
                        .build())
                .additionalBehaviors(behaviors)
                .build();
        Annotations.of(this).acknowledgeWarning("@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac",
                "StatefulStack grants this account's distributions read on the website bucket");
        Nag.acknowledge(distribution, "AwsSolutions-CFR1",
                "a practice site for everyone: no country is excluded");
        Nag.acknowledge(distribution, "AwsSolutions-CFR2",
                "the API's own regional web ACL rate-limits /api; a CloudFront web ACL must live in us-east-1 (docs/decisions/0013)");
        Nag.acknowledge(distribution, "AwsSolutions-CFR3",
                "standard logs cost a bucket and per-request storage; API Gateway access logs and the gateway's own logs cover the dynamic paths");
        Nag.acknowledge(distribution, "AwsSolutions-CFR4",
                "the default *.cloudfront.net certificate fixes the viewer TLS policy; with a custom domain the app would set TLSv1.2_2021");

        String site = "https://" + distribution.getDistributionDomainName();
        pointWebClientAt(site, data);
        websiteDeployment = publish(website, websiteByName);
        CfnOutput.Builder.create(this, "SiteUrl").value(site).description("the website").build();
        CfnOutput.Builder.create(this, "DistributionId").value(distribution.getDistributionId())
                .description("for invalidations (docs/deploy.md)").build();
    }

    public Distribution distribution() {
        return distribution;
    }

    public BucketDeployment websiteDeployment() {
        return websiteDeployment;
    }

    /**
     * For the paths that count requests per client address: the viewer's address as CloudFront saw it
     * ({@code CloudFront-Viewer-Address}, which CloudFront adds itself), with the few
     * headers those public routes read. The {@code /api/*} behavior cannot add it: a policy forwarding
     * every viewer header but {@code Host} (which API Gateway needs its own of) cannot add CloudFront's
     * headers, and a list of headers cannot name {@code Authorization}, which other routes need.
     */
    private OriginRequestPolicy viewerAddressPolicy() {
        return OriginRequestPolicy.Builder.create(this, "ViewerAddress")
                .comment("breakfix: the viewer's address for the anonymous-token path")
                .headerBehavior(OriginRequestHeaderBehavior.allowList(ApiStack.CLIENT_ADDRESS_HEADER, "Accept",
                        "Content-Type"))
                .queryStringBehavior(OriginRequestQueryStringBehavior.all())
                .cookieBehavior(OriginRequestCookieBehavior.none())
                .build();
    }

    /**
     * The website's app client lives in the stateful stack (the API stack reads its id, and this stack
     * depends on the API), so its callback and sign-out URLs, which are this distribution's, are set from
     * here: {@code UpdateUserPoolClient} with every other setting copied from the client's own definition
     * (the call resets whatever it is not given). It runs when this stack is created or any of those
     * values changes.
     */
    private void pointWebClientAt(String site, StatefulStack.Data data) {
        CfnUserPoolClient client = (CfnUserPoolClient) data.webClient().getNode().getDefaultChild();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("UserPoolId", data.users().getUserPoolId());
        parameters.put("ClientId", data.webClient().getUserPoolClientId());
        parameters.put("AllowedOAuthFlowsUserPoolClient", client.getAllowedOAuthFlowsUserPoolClient());
        parameters.put("AllowedOAuthFlows", client.getAllowedOAuthFlows());
        parameters.put("AllowedOAuthScopes", client.getAllowedOAuthScopes());
        parameters.put("SupportedIdentityProviders", client.getSupportedIdentityProviders());
        parameters.put("PreventUserExistenceErrors", client.getPreventUserExistenceErrors());
        parameters.put("AccessTokenValidity", client.getAccessTokenValidity());
        parameters.put("IdTokenValidity", client.getIdTokenValidity());
        parameters.put("RefreshTokenValidity", client.getRefreshTokenValidity());
        // jsii hands the units back as an opaque object: resolved, they are a plain map
        Object units = client.getTokenValidityUnits();
        parameters.put("TokenValidityUnits", tokenValidityUnits(units == null ? null : resolve(units)));
        if (client.getExplicitAuthFlows() != null) {
            parameters.put("ExplicitAuthFlows", client.getExplicitAuthFlows());
        }
        if (client.getEnableTokenRevocation() != null) {
            parameters.put("EnableTokenRevocation", client.getEnableTokenRevocation());
        }
        parameters.put("CallbackURLs", List.of(site + SIGN_IN_CALLBACK_PATH));
        parameters.put("LogoutURLs", List.of(site + "/"));
        parameters.values().removeIf(java.util.Objects::isNull);
        AwsSdkCall call = AwsSdkCall.builder()
                .service("CognitoIdentityServiceProvider")
                .action("updateUserPoolClient")
                .parameters(parameters)
                .physicalResourceId(PhysicalResourceId.of("breakfix-web-client-urls"))
                .build();
        AwsCustomResource.Builder.create(this, "WebClientUrls")
                .onCreate(call)
                .onUpdate(call)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("cognito-idp:UpdateUserPoolClient"))
                        .resources(List.of(data.users().getUserPoolArn()))
                        .build())))
                .installLatestAwsSdk(false)
                .build();
        Nag.acknowledgeCustomResourceProvider(this);
    }

    /** The client's token validity units as {@code UpdateUserPoolClient} takes them. */
    private static Map<String, Object> tokenValidityUnits(Object units) {
        if (units == null) {
            return null;
        }
        if (units instanceof CfnUserPoolClient.TokenValidityUnitsProperty property) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("AccessToken", property.getAccessToken());
            map.put("IdToken", property.getIdToken());
            map.put("RefreshToken", property.getRefreshToken());
            map.values().removeIf(java.util.Objects::isNull);
            return map;
        }
        if (units instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                String name = String.valueOf(key);
                copy.put(Character.toUpperCase(name.charAt(0)) + name.substring(1), value);
            });
            return copy;
        }
        throw new IllegalStateException("the web client's token validity units are " + units.getClass() + ": " + units);
    }

    /**
     * {@code frontend/dist} and {@code docs/openapi.yaml} into the website bucket, the objects no longer
     * built removed, and the distribution's cache invalidated: what {@code aws s3 sync --delete} and
     * {@code create-invalidation} would do by hand.
     */
    private BucketDeployment publish(Website website, IBucket bucket) {
        String openApi;
        try {
            openApi = Files.readString(website.openApi());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + website.openApi(), e);
        }
        BucketDeployment deployment = BucketDeployment.Builder.create(this, "PublishWebsite")
                .sources(List.of(Source.asset(website.folder().toString()), Source.data(OPENAPI_KEY, openApi)))
                .destinationBucket(bucket)
                .prune(true)
                .distribution(distribution)
                .distributionPaths(List.of("/*"))
                .memoryLimit(512)
                .build();
        Nag.acknowledgeBucketDeployment(this);
        return deployment;
    }
}
