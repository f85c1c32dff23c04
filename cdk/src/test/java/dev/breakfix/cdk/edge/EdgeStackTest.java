package dev.breakfix.cdk.edge;

import static dev.breakfix.cdk.TestApps.json;
import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.TestApps;
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

    private static JsonNode template;
    private static JsonNode config;
    private static String restApi;
    private static String websiteBucket;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        BreakfixApp.Stacks stacks = app.stacks();
        template = app.template(stacks.edge());
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
    void webClient_shouldUseTheCodeFlowWithoutASecret_andCallBackToThisDistribution() {
        JsonNode client = resources(template, "AWS::Cognito::UserPoolClient").values().iterator().next()
                .path("Properties");

        assertThat(client.path("GenerateSecret").asBoolean(true)).isFalse();
        assertThat(texts(client.path("AllowedOAuthFlows"))).containsExactly("code");
        assertThat(client.path("CallbackURLs").toString()).contains("Distribution").contains(EdgeStack.SIGN_IN_CALLBACK_PATH);
        assertThat(client.path("UserPoolId").toString()).contains("Breakfix-Stateful").contains("Users");
        assertThat(client.has("ExplicitAuthFlows")).as("no password flows: the hosted pages only").isFalse();
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

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
