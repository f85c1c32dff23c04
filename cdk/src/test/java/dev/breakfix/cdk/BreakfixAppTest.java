package dev.breakfix.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;

class BreakfixAppTest {

    @Test
    void environment_shouldUsePlaceholders_whenTheCliFoundNoAccount() {
        // given the CLI without credentials: no account, its own guess of a region
        Map<String, String> variables = Map.of("CDK_DEFAULT_REGION", "us-east-1");

        Environment environment = BreakfixApp.environment(variables);

        assertThat(environment.getAccount()).isEqualTo(BreakfixApp.PLACEHOLDER_ACCOUNT);
        assertThat(environment.getRegion()).isEqualTo(BreakfixApp.DEFAULT_REGION);
    }

    @Test
    void environment_shouldUseTheCliAccountAndRegion_whenItFoundCredentials() {
        Map<String, String> variables = Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION", "eu-central-1");

        Environment environment = BreakfixApp.environment(variables);

        assertThat(environment.getAccount()).isEqualTo("123456789012");
        assertThat(environment.getRegion()).isEqualTo("eu-central-1");
    }

    @Test
    void environment_shouldPreferBreakfixVariables_whenSet() {
        Map<String, String> variables = Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION",
                "eu-central-1", "BREAKFIX_ACCOUNT", "210987654321", "BREAKFIX_REGION", "us-west-2");

        Environment environment = BreakfixApp.environment(variables);

        assertThat(environment.getAccount()).isEqualTo("210987654321");
        assertThat(environment.getRegion()).isEqualTo("us-west-2");
    }

    @Test
    void recordingsLifecycle_shouldUseDefaults_whenContextHasNone() {
        assertThat(BreakfixApp.recordingsLifecycle(new App())).isEqualTo(RecordingsLifecycle.DEFAULT);
    }

    @Test
    void recordingsLifecycle_shouldReadDays_whenContextSetsThem() {
        // given -c on the command line (strings) and cdk.json (numbers)
        App app = new App(AppProps.builder().context(Map.of(
                RecordingsLifecycle.INFREQUENT_ACCESS_CONTEXT_KEY, "60",
                RecordingsLifecycle.EXPIRE_CONTEXT_KEY, 90)).build());

        assertThat(BreakfixApp.recordingsLifecycle(app)).isEqualTo(new RecordingsLifecycle(60, 90));
    }

    @Test
    void recordingsLifecycle_shouldExplain_whenContextIsNotANumber() {
        App app = new App(AppProps.builder().context(Map.of(RecordingsLifecycle.EXPIRE_CONTEXT_KEY, "a year")).build());

        assertThatThrownBy(() -> BreakfixApp.recordingsLifecycle(app))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RecordingsLifecycle.EXPIRE_CONTEXT_KEY);
    }

    @Test
    void functions_shouldReadSecretsWithTheSdk_andCarryNoParametersAndSecretsExtension_anywhere() {
        // given the whole app
        TestApps.Synthesized app = TestApps.shared();

        // then no function of any stack has the extension's layer or its variables: under SnapStart Lambda
        // sets no AWS_SESSION_TOKEN, which the extension needs (docs/decisions/0018)
        app.templates().forEach((stack, template) -> {
            assertThat(template.toString()).as(stack).doesNotContain("Parameters-and-Secrets")
                    .doesNotContain("PARAMETERS_SECRETS_").doesNotContain("SECRETS_MANAGER_TTL");
            TestApps.resources(template, "AWS::Lambda::Function").forEach((id, function) -> {
                JsonNode properties = function.path("Properties");
                if (properties.path("Handler").asText().startsWith("dev.breakfix.")) {
                    assertThat(properties.has("Layers")).as(stack + "/" + id + " has no layer").isFalse();
                }
            });
        });
    }

    @Test
    void build_shouldOrderTheStacksByWhatTheyUse_always() {
        // given the shared app, synthesized
        BreakfixApp.Stacks stacks = TestApps.shared().stacks();

        // then data and network come first, and nothing depends on the edge or operations stacks
        assertThat(stacks.stateful().getDependencies()).isEmpty();
        assertThat(stacks.network().getDependencies()).isEmpty();
        assertThat(stacks.images().getDependencies()).containsExactly(stacks.network());
        assertThat(stacks.workflow().getDependencies()).containsExactlyInAnyOrder(stacks.stateful(), stacks.network());
        assertThat(stacks.api().getDependencies())
                .containsExactlyInAnyOrder(stacks.stateful(), stacks.network(), stacks.workflow());
        assertThat(stacks.gateway().getDependencies()).containsExactlyInAnyOrder(stacks.stateful(), stacks.network());
        assertThat(stacks.edge().getDependencies())
                .containsExactlyInAnyOrder(stacks.stateful(), stacks.api(), stacks.gateway());
        // (the API's metrics name it by its name, a plain string: no reference)
        assertThat(stacks.ops().getDependencies()).containsExactlyInAnyOrder(stacks.workflow(), stacks.gateway());
        assertThat(stacks.all()).extracting(Stack::getStackName).containsExactly(BreakfixApp.STATEFUL_STACK,
                BreakfixApp.NETWORK_STACK, BreakfixApp.IMAGES_STACK, BreakfixApp.WORKFLOW_STACK, BreakfixApp.API_STACK,
                BreakfixApp.GATEWAY_STACK, BreakfixApp.EDGE_STACK, BreakfixApp.OPS_STACK);
    }

    @Test
    void settings_shouldUseDefaults_whenContextHasNone() {
        Settings settings = Settings.from(new App(), TestApps.ENVIRONMENT);

        assertThat(settings.maxRunningServers()).isEqualTo(Settings.DEFAULT_MAX_RUNNING_SERVERS);
        assertThat(settings.network().cidr()).isEqualTo(Settings.DEFAULT_VPC_CIDR);
        assertThat(settings.network().availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(settings.gateway().imageTag()).isEqualTo("latest");
        assertThat(settings.ops().alarmEmail()).isEmpty();
    }

    @Test
    void settings_shouldReadContext_whenGiven() {
        App app = new App(AppProps.builder().context(Map.of("maxRunningServers", "7",
                "availabilityZones", "eu-west-1b, eu-west-1c", "gatewayImageTag", "v3", "gatewayTasks", 2,
                "alarmEmail", "ops@example.org", "monthlyBudgetUsd", "120")).build());

        Settings settings = Settings.from(app, TestApps.ENVIRONMENT);

        assertThat(settings.maxRunningServers()).isEqualTo(7);
        assertThat(settings.network().availabilityZones()).containsExactly("eu-west-1b", "eu-west-1c");
        assertThat(settings.gateway()).isEqualTo(new dev.breakfix.cdk.gateway.GatewayStack.Settings("v3", 2));
        assertThat(settings.ops().alarmEmail()).contains("ops@example.org");
        assertThat(settings.ops().monthlyBudgetUsd()).isEqualTo(120);
    }

    @Test
    void settings_shouldRefuse_whenOnlyOneZoneIsGiven() {
        App app = new App(AppProps.builder().context(Map.of("availabilityZones", "eu-west-1a")).build());

        assertThatThrownBy(() -> Settings.from(app, TestApps.ENVIRONMENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two");
    }
}
