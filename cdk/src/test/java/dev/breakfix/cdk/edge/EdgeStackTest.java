package dev.breakfix.cdk.edge;

import static dev.breakfix.cdk.TestApps.json;
import static dev.breakfix.cdk.TestApps.parse;
import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.RepositoryRoot;
import dev.breakfix.cdk.TestApps;
import java.nio.file.Files;
import dev.breakfix.cdk.api.ApiStack;
import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;

/** The edge stack as the app builds it. */
class EdgeStackTest {
    @TempDir
    static Path folder;

    private static final String TOKEN = "TOKEN";

    private static TestApps.Synthesized app;
    private static JsonNode template;
    private static JsonNode statefulTemplate;
    private static JsonNode config;
    private static String restApi;
    private static String websiteBucket;

    @BeforeAll
    static void synthesize() {
        app = TestApps.shared();
        BreakfixApp.Stacks stacks = app.stacks();
        template = app.template(stacks.edge());
        statefulTemplate = app.template(stacks.stateful());
        config = resourceAt(template, BreakfixApp.EDGE_STACK + "/Distribution").getValue()
                .path("Properties").path("DistributionConfig");
        restApi = resourceAt(app.template(stacks.api()), BreakfixApp.API_STACK + "/Api").getKey();
        websiteBucket = resourceAt(app.template(stacks.stateful()), BreakfixApp.STATEFUL_STACK + "/Website")
                .getKey();
    }

    @Test
    void defaultBehavior_shouldServeTheWebsiteBucketThroughAnOriginAccessControl_overHttps() {
        JsonNode behavior = config.path("DefaultCacheBehavior");
        JsonNode origin = origin(behavior.path("TargetOriginId").asText());

        assertThat(behavior.path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
        assertThat(origin.path("DomainName").toString()).contains("ExportsOutputFnGetAtt" + websiteBucket + "RegionalDomainName");
        String control = origin.path("OriginAccessControlId").path("Fn::GetAtt").get(0).asText();
        JsonNode controlConfig = template.path("Resources").path(control).path("Properties")
                .path("OriginAccessControlConfig");
        assertThat(controlConfig.path("OriginAccessControlOriginType").asText()).isEqualTo("s3");
        assertThat(controlConfig.path("SigningBehavior").asText()).isEqualTo("always");
        assertThat(config.path("DefaultRootObject").asText()).isEqualTo("index.html");
    }

    @Test
    void apiBehaviors_shouldSendEveryMethodUncachedToTheApiStage_forApiPaths() {
        Map<String, JsonNode> byPattern = new HashMap<>();
        config.path("CacheBehaviors").forEach(behavior -> byPattern.put(behavior.path("PathPattern").asText(), behavior));

        for (String pattern : List.of(ApiStack.API_PATH, ApiStack.API_PATH + "/*")) {
            JsonNode behavior = byPattern.get(pattern);
            assertThat(behavior).as(pattern).isNotNull();
            JsonNode origin = origin(behavior.path("TargetOriginId").asText());
            assertThat(origin.path("DomainName").toString()).as(pattern).contains("ExportsOutputRef" + restApi);
            assertThat(origin.path("OriginPath").toString()).as(pattern).contains("ExportsOutputRefApiDeploymentStage");
            assertThat(origin.path("CustomOriginConfig").path("OriginProtocolPolicy").asText()).isEqualTo("https-only");
            assertThat(texts(behavior.path("AllowedMethods"))).as(pattern)
                    .contains("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
            assertThat(behavior.path("CachePolicyId").asText()).as(pattern)
                    .isEqualTo(CachePolicy.CACHING_DISABLED.getCachePolicyId());
            assertThat(behavior.path("OriginRequestPolicyId").asText()).as(pattern)
                    .isEqualTo(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.getOriginRequestPolicyId());
            assertThat(behavior.path("ViewerProtocolPolicy").asText()).as(pattern).isEqualTo("https-only");
        }
    }

    @Test
    void terminalBehavior_shouldSendWebSocketsUncachedWithTheViewersHeaders_toTheGatewayAsAVpcOrigin() {
        JsonNode behavior = null;
        for (JsonNode candidate : config.path("CacheBehaviors")) {
            if (EdgeStack.TERMINAL_PATTERN.equals(candidate.path("PathPattern").asText())) {
                behavior = candidate;
            }
        }
        assertThat(behavior).isNotNull();
        JsonNode origin = origin(behavior.path("TargetOriginId").asText());
        JsonNode vpcOrigin = resources(template, "AWS::CloudFront::VpcOrigin").values().iterator().next()
                .path("Properties").path("VpcOriginEndpointConfig");

        assertThat(origin.has("VpcOriginConfig")).isTrue();
        assertThat(vpcOrigin.path("Arn").toString()).contains("Breakfix-Gateway").contains("LoadBalancer");
        assertThat(vpcOrigin.path("HTTPPort").asInt()).isEqualTo(dev.breakfix.cdk.network.NetworkStack.LOAD_BALANCER_PORT);
        assertThat(behavior.path("CachePolicyId").asText()).isEqualTo(CachePolicy.CACHING_DISABLED.getCachePolicyId());
        assertThat(behavior.path("OriginRequestPolicyId").asText())
                .isEqualTo(OriginRequestPolicy.ALL_VIEWER.getOriginRequestPolicyId());
        assertThat(behavior.path("ViewerProtocolPolicy").asText()).isEqualTo("https-only");
    }

    @Test
    void webClientUrls_shouldPointTheStatefulClientAtThisDistribution_copyingItsOtherSettings() {
        // given the custom resource that updates the web client, and the client as the stateful stack defines it
        JsonNode resource = resources(template, "Custom::AWS").values().iterator().next().path("Properties");
        JsonNode call = parse(joined(resource.path("Create")));
        JsonNode client = resourceAt(statefulTemplate, BreakfixApp.STATEFUL_STACK + "/WebClient").getValue()
                .path("Properties");

        // then it calls UpdateUserPoolClient with this distribution's URLs
        assertThat(call.path("action").asText()).isEqualTo("updateUserPoolClient");
        JsonNode parameters = call.path("parameters");
        assertThat(texts(parameters.path("CallbackURLs"))).singleElement().asString()
                .startsWith("https://").endsWith(EdgeStack.SIGN_IN_CALLBACK_PATH).contains(TOKEN);
        assertThat(texts(parameters.path("LogoutURLs"))).singleElement().asString().endsWith("/");
        assertThat(joined(resource.path("Create"))).contains("Distribution");
        // and every other setting the call would otherwise reset, exactly as the stateful stack has it
        for (String setting : List.of("AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
                "SupportedIdentityProviders", "PreventUserExistenceErrors", "AccessTokenValidity", "IdTokenValidity",
                "RefreshTokenValidity", "TokenValidityUnits")) {
            assertThat(parameters.path(setting)).as(setting).isEqualTo(client.path(setting));
        }
        assertThat(parameters.has("ExplicitAuthFlows")).isEqualTo(client.has("ExplicitAuthFlows"));
        assertThat(joined(resource.path("Update"))).isEqualTo(joined(resource.path("Create")));
        // with the right to update clients of the user pool, and nothing else
        JsonNode statements = resources(template, "AWS::IAM::Policy").values().stream()
                .filter(policy -> policy.toString().contains("cognito-idp")).findFirst().orElseThrow()
                .path("Properties").path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).path("Action").asText()).isEqualTo("cognito-idp:UpdateUserPoolClient");
        assertThat(statements.get(0).path("Resource").toString()).contains("ExportsOutputFnGetAttUsers").contains("Arn");
    }

    @Test
    void anonymousTokenPath_shouldReachTheApiWithTheViewersAddress_beforeTheApiBehavior() {
        List<String> paths = ApiStack.clientAddressPaths(dev.breakfix.api.ApiRoutes.ALL);
        assertThat(paths).containsExactly("/api/auth/anonymous");
        List<String> patterns = new ArrayList<>();
        config.path("CacheBehaviors").forEach(behavior -> patterns.add(behavior.path("PathPattern").asText()));
        JsonNode behavior = config.path("CacheBehaviors").get(patterns.indexOf(paths.get(0)));

        // then CloudFront matches it before /api/* and sends it, uncached, to the API with the viewer's address
        assertThat(patterns.indexOf(paths.get(0))).isLessThan(patterns.indexOf(EdgeStack.API_PATTERN));
        assertThat(origin(behavior.path("TargetOriginId").asText()).path("DomainName").toString()).contains(restApi);
        assertThat(behavior.path("CachePolicyId").asText()).isEqualTo(CachePolicy.CACHING_DISABLED.getCachePolicyId());
        JsonNode policy = template.path("Resources").path(behavior.path("OriginRequestPolicyId").path("Ref").asText())
                .path("Properties").path("OriginRequestPolicyConfig");
        assertThat(policy.path("HeadersConfig").path("HeaderBehavior").asText()).isEqualTo("whitelist");
        assertThat(texts(policy.path("HeadersConfig").path("Headers"))).contains(ApiStack.CLIENT_ADDRESS_HEADER)
                .doesNotContain("Host", "Authorization");
        assertThat(policy.path("CookiesConfig").path("CookieBehavior").asText()).isEqualTo("none");
    }

    @Test
    void website_shouldBePublishedToItsBucket_withTheApiDescription_andTheCacheInvalidated() throws Exception {
        JsonNode deployment = resources(template, "Custom::CDKBucketDeployment").values().iterator().next()
                .path("Properties");

        assertThat(deployment.path("DestinationBucketName").toString()).contains("ExportsOutputRef" + websiteBucket);
        assertThat(deployment.path("Prune").asBoolean()).isTrue();
        assertThat(deployment.path("DistributionId").path("Ref").asText())
                .isEqualTo(resourceAt(template, BreakfixApp.EDGE_STACK + "/Distribution").getKey());
        assertThat(texts(deployment.path("DistributionPaths"))).containsExactly("/*");
        // two sources: the built website and docs/openapi.yaml, staged with the app
        List<Path> staged = new ArrayList<>();
        for (JsonNode key : deployment.path("SourceObjectKeys")) {
            staged.add(Path.of(app.app().getOutdir(), "asset." + key.asText().replace(".zip", "")));
        }
        String openApi = Files.readString(RepositoryRoot.findFrom(Path.of("")).openApiDocument());
        assertThat(staged).hasSize(2).anySatisfy(folder -> assertThat(folder.resolve("index.html")).isRegularFile())
                .anySatisfy(folder -> {
                    assertThat(folder.resolve(EdgeStack.OPENAPI_KEY)).isRegularFile();
                    assertThat(Files.readString(folder.resolve(EdgeStack.OPENAPI_KEY))).isEqualTo(openApi);
                });
    }

    @Test
    void stack_shouldHoldOnlyTheDistributionAndItsAccessControl_always() {
        assertThat(resources(template, "AWS::CloudFront::Distribution")).hasSize(1);
        assertThat(resources(template, "AWS::CloudFront::OriginAccessControl")).hasSize(1);
        // the website bucket's policy stays in the stateful stack (one policy per bucket)
        assertThat(resources(template, "AWS::S3::BucketPolicy")).isEmpty();
    }

    private static JsonNode origin(String id) {
        for (JsonNode origin : config.path("Origins")) {
            if (id.equals(origin.path("Id").asText())) {
                return origin;
            }
        }
        throw new AssertionError("no origin " + id);
    }

    /** A custom resource's JSON property, its {@code Fn::Join} joined with every token as {@value #TOKEN}. */
    private static String joined(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : value.path("Fn::Join").get(1)) {
            text.append(part.isTextual() ? part.asText() : TOKEN + part.toString().replaceAll("[^A-Za-z]", ""));
        }
        return text.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
