package dev.breakfix.cdk.edge;

import dev.breakfix.cdk.api.ApiStack;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Annotations;
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
 * with every method. The terminal gateway ({@code /term/*}) joins it when it exists.
 */
public final class EdgeStack extends Stack {
    /** The path patterns CloudFront sends to API Gateway; the REST API routes them itself. */
    public static final String API_PATTERN = ApiStack.API_PATH + "/*";

    private final Distribution distribution;

    public EdgeStack(Construct scope, String id, StackProps props, IBucket website, RestApi api) {
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
        Map<String, BehaviorOptions> behaviors = new LinkedHashMap<>();
        behaviors.put(ApiStack.API_PATH, toApi);
        behaviors.put(API_PATTERN, toApi);

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
    }

    public Distribution distribution() {
        return distribution;
    }
}
