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
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
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
 * origin). It also holds the website's Cognito app client, whose callback URL is this distribution's.
 */
public final class EdgeStack extends Stack {
    /** The path patterns CloudFront sends to API Gateway; the REST API routes them itself. */
    public static final String API_PATTERN = ApiStack.API_PATH + "/*";

    private final Distribution distribution;

    /** The path patterns CloudFront sends to the terminal gateway (WebSockets). */
    public static final String TERMINAL_PATTERN = "/term/*";
    /** Where the website finishes the Cognito sign-in (authorization code with PKCE). */
    public static final String SIGN_IN_CALLBACK_PATH = "/auth/callback";

    private final UserPoolClient webClient;

    public EdgeStack(Construct scope, String id, StackProps props, IBucket website, RestApi api,
            ApplicationLoadBalancer terminalGateway, IUserPool users) {
        super(scope, id, props);

        // The website bucket's policy lives with the bucket (StatefulStack): the origin is given an
        // imported bucket so that it does not try to add the grant from this stack.
        IBucket websiteByName = Bucket.fromBucketAttributes(this, "WebsiteBucket", BucketAttributes.builder()
                .bucketName(website.getBucketName())
                .bucketRegionalDomainName(website.getBucketRegionalDomainName())
                .build());
        IOrigin websiteOrigin = S3BucketOrigin.withOriginAccessControl(websiteByName);

        BehaviorOptions toApi = BehaviorOptions.builder()
                .origin(new RestApiOrigin(api))
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .build();
        // The terminal gateway's internal load balancer as a VPC origin: no public endpoint, HTTP on
        // AWS's network; WebSocket upgrades need the viewer's headers and no caching.
        BehaviorOptions toTerminal = BehaviorOptions.builder()
                .origin(VpcOrigin.withApplicationLoadBalancer(terminalGateway, VpcOriginWithEndpointProps.builder()
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
        webClient = UserPoolClient.Builder.create(this, "WebClient")
                .userPool(users)
                .generateSecret(false)
                .authFlows(AuthFlow.builder().build())
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE))
                        .callbackUrls(List.of(site + SIGN_IN_CALLBACK_PATH))
                        .logoutUrls(List.of(site + "/"))
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .preventUserExistenceErrors(true)
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.days(30))
                .build();
        CfnOutput.Builder.create(this, "SiteUrl").value(site).description("the website").build();
        CfnOutput.Builder.create(this, "WebClientId").value(webClient.getUserPoolClientId())
                .description("the website's Cognito app client (authorization code with PKCE, no secret)").build();
    }

    public UserPoolClient webClient() {
        return webClient;
    }

    public Distribution distribution() {
        return distribution;
    }
}
