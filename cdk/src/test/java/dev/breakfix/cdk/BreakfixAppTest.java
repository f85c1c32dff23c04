package dev.breakfix.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;

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
    void build_shouldMakeTheApiStackDependOnTheStatefulStack_always(@TempDir Path folder) {
        App app = TestApps.app();
        BreakfixApp.Stacks stacks = BreakfixApp.build(app, TestApps.ENVIRONMENT,
                RecordingsLifecycle.DEFAULT, TestApps.fakeApiPackage(folder));

        app.synth();

        assertThat(stacks.api().getDependencies()).containsExactly(stacks.stateful());
        assertThat(stacks.stateful().getDependencies()).isEmpty();
        assertThat(stacks.api().getStackName()).isEqualTo(BreakfixApp.API_STACK);
        assertThat(stacks.stateful().getStackName()).isEqualTo(BreakfixApp.STATEFUL_STACK);
    }
}
