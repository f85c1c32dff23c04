package dev.breakfix.cdk.api;

import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.ApiRoutes;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.api.ApiRoutes.Uses;
import dev.breakfix.api.auth.IdentityEnvironment;
import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.Settings;
import dev.breakfix.cdk.TestApps;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What protects and wires the API beyond its routes: the firewall, usage plans, logging, the
 * session workflow and the checker's place in the VPC.
 */
class ApiProtectionTest {
    private static final String STACK = BreakfixApp.API_STACK;
    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().api());
    }

    @Test
    void firewall_shouldRateLimitPerViewerAndPerSource_onTheStage() {
        JsonNode acl = single("AWS::WAFv2::WebACL");
        JsonNode association = single("AWS::WAFv2::WebACLAssociation");

        assertThat(acl.path("Scope").asText()).isEqualTo("REGIONAL");
        assertThat(acl.path("Rules")).hasSize(2);
        assertThat(acl.path("Rules").toString()).contains("\"AggregateKeyType\":\"FORWARDED_IP\"")
                .contains("X-Forwarded-For").contains("\"AggregateKeyType\":\"IP\"");
        acl.path("Rules").forEach(rule -> assertThat(rule.path("Action").has("Block")).isTrue());
        assertThat(association.path("ResourceArn").toString()).contains("/stages/");
    }

    @Test
    void usagePlans_shouldBeWebsiteAndPartners_onTheStage_withTheKeysFromTheAuthorizer() {
        JsonNode api = resourceAt(template, STACK + "/Api").getValue().path("Properties");
        Map<String, JsonNode> plans = resources(template, "AWS::ApiGateway::UsagePlan");
        JsonNode key = single("AWS::ApiGateway::ApiKey");

        assertThat(api.path("ApiKeySourceType").asText()).isEqualTo("AUTHORIZER");
        assertThat(plans).hasSize(2);
        plans.values().forEach(plan -> assertThat(plan.path("Properties").path("ApiStages")).hasSize(1));
        assertThat(plans.values().stream().filter(p -> p.path("Properties").has("Quota"))).hasSize(1);
        assertThat(key.path("Value").toString()).contains("resolve:secretsmanager");
        assertThat(resources(template, "AWS::ApiGateway::UsagePlanKey")).hasSize(1);
    }

    @Test
    void stage_shouldWriteJsonAccessLogs_andErrorExecutionLogs() {
        JsonNode stage = single("AWS::ApiGateway::Stage");

        assertThat(stage.path("AccessLogSetting").path("DestinationArn").toString()).contains("AccessLogs");
        assertThat(stage.path("AccessLogSetting").path("Format").asText()).contains("\"requestId\"");
        assertThat(stage.path("MethodSettings").get(0).path("LoggingLevel").asText()).isEqualTo("ERROR");
        assertThat(stage.path("MethodSettings").get(0).path("DataTraceEnabled").asBoolean(true)).isFalse();
        assertThat(resources(template, "AWS::ApiGateway::Account")).hasSize(1);
    }

    @Test
    void functions_shouldRunInTheVpcWithTheCheckerGroup_exactlyWhenTheyReachServers() {
        ApiStack.usesByFunction(ApiRoutes.ALL).forEach((name, uses) -> {
            JsonNode properties = resourceAt(template, STACK + "/" + name + "/Function").getValue().path("Properties");
            boolean inVpc = properties.has("VpcConfig");
            assertThat(inVpc).as(name).isEqualTo(ApiStack.reachesServers(uses));
            if (inVpc) {
                assertThat(properties.path("VpcConfig").toString()).contains("Checker").contains("Platform");
            }
        });
        assertThat(ApiStack.reachesServers(Set.of(Uses.ROUTES, Uses.MASTER_SECRET))).isTrue();
        assertThat(ApiStack.reachesServers(Set.of(Uses.MASTER_SECRET))).isFalse();
    }

    @Test
    void functions_shouldGetTheServerCapAndTheWorkflow_whenTheirRoutesUseThem() {
        ApiStack.usesByFunction(ApiRoutes.ALL).forEach((name, uses) -> {
            JsonNode variables = resourceAt(template, STACK + "/" + name + "/Function").getValue().path("Properties")
                    .path("Environment").path("Variables");
            assertThat(variables.has(ApiStack.MAX_RUNNING_SERVERS_VARIABLE)).as(name)
                    .isEqualTo(uses.contains(Uses.COUNTERS));
            if (uses.contains(Uses.COUNTERS)) {
                assertThat(variables.path(ApiStack.MAX_RUNNING_SERVERS_VARIABLE).asText())
                        .isEqualTo(Integer.toString(Settings.DEFAULT_MAX_RUNNING_SERVERS));
            }
            assertThat(variables.has(ApiStack.SESSION_WORKFLOW_VARIABLE)).as(name).isEqualTo(uses.contains(Uses.WORKFLOW));
            String policy = resourceAt(template, STACK + "/" + name + "/Role/DefaultPolicy").getValue().toString();
            assertThat(policy.contains("states:StartExecution")).as(name).isEqualTo(uses.contains(Uses.WORKFLOW));
        });
        assertThat(ApiRoutes.ALL).extracting(Route::uses).anyMatch(uses -> uses.contains(Uses.WORKFLOW));
    }

    @Test
    void authorizer_shouldKnowTheUserPoolAsIssuer_andTheWebsiteKey_andCacheNothing() {
        JsonNode variables = resourceAt(template, STACK + "/CallerAuthorizer/Function").getValue().path("Properties")
                .path("Environment").path("Variables");
        String policy = resourceAt(template, STACK + "/CallerAuthorizer/Role/DefaultPolicy").getValue().toString();
        JsonNode authorizer = single("AWS::ApiGateway::Authorizer");

        assertThat(variables.path(IdentityEnvironment.ISSUER).toString()).contains("cognito-idp.").contains("Users");
        assertThat(variables.path(IdentityEnvironment.TOKEN_ENDPOINT).toString()).contains("/oauth2/token");
        assertThat(variables.path(UsagePlans.WEBSITE_KEY_VARIABLE).toString()).contains("WebsiteKeyValue");
        assertThat(policy).contains("WebsiteKeyValue");
        assertThat(authorizer.path("AuthorizerResultTtlInSeconds").asInt())
                .isEqualTo((int) ApiRoutes.AUTHORIZER_RESULTS_TTL.toSeconds());
    }

    @Test
    void functions_shouldGetTheSignInSettings_whenTheirRoutesUseSignIn() {
        ApiStack.usesByFunction(ApiRoutes.ALL).forEach((name, uses) -> {
            JsonNode variables = resourceAt(template, STACK + "/" + name + "/Function").getValue().path("Properties")
                    .path("Environment").path("Variables");
            assertThat(variables.has(IdentityEnvironment.ISSUER)).as(name).isEqualTo(uses.contains(Uses.SIGN_IN));
        });
    }

    private static JsonNode single(String type) {
        assertThat(resources(template, type)).as(type).hasSize(1);
        return resources(template, type).values().iterator().next().path("Properties");
    }
}
