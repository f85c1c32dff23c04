package dev.breakfix.cdk.constructs;

import static dev.breakfix.cdk.TestApps.json;
import static dev.breakfix.cdk.TestApps.ref;
import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.TestApps;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

/** One {@link JavaFunction} alone in a stack. */
class JavaFunctionTest {
    @TempDir
    static Path folder;

    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        Stack stack = new Stack(TestApps.app(), "Test", StackProps.builder().env(TestApps.ENVIRONMENT).build());
        new JavaFunction(stack, "Thing", new JavaFunction.Props("dev.example.ThingHandler::handleRequest",
                TestApps.fakeApiPackage(folder), Map.of("THINGS_TABLE", "things"), Duration.seconds(7), 512,
                RetentionDays.TWO_WEEKS, java.util.Optional.empty()));
        template = json(Template.fromStack(stack));
    }

    @Test
    void function_shouldBeJava17OnArm64WithSnapStart_always() {
        JsonNode properties = function().getValue().path("Properties");

        assertThat(properties.path("Runtime").asText()).isEqualTo("java17");
        assertThat(properties.path("Architectures").get(0).asText()).isEqualTo("arm64");
        assertThat(properties.path("Architectures")).hasSize(1);
        assertThat(properties.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(properties.path("Handler").asText()).isEqualTo("dev.example.ThingHandler::handleRequest");
        assertThat(properties.path("MemorySize").asInt()).isEqualTo(512);
        assertThat(properties.path("Timeout").asInt()).isEqualTo(7);
    }

    @Test
    void function_shouldGetItsVariablesAndTheServiceName_always() {
        JsonNode variables = function().getValue().path("Properties").path("Environment").path("Variables");

        assertThat(variables.path("POWERTOOLS_SERVICE_NAME").asText()).isEqualTo(JavaFunction.SERVICE_NAME);
        assertThat(variables.path("THINGS_TABLE").asText()).isEqualTo("things");
    }

    @Test
    void alias_shouldPointAtTheCurrentPublishedVersion_always() {
        String function = function().getKey();
        JsonNode alias = resourceAt(template, "Test/Thing/Alias").getValue().path("Properties");

        assertThat(alias.path("Name").asText()).isEqualTo(JavaFunction.ALIAS_NAME);
        assertThat(alias.path("FunctionName")).isEqualTo(ref(function));
        String version = alias.path("FunctionVersion").path("Fn::GetAtt").get(0).asText();
        assertThat(template.path("Resources").path(version).path("Type").asText()).isEqualTo("AWS::Lambda::Version");
        assertThat(template.path("Resources").path(version).path("Properties").path("FunctionName"))
                .isEqualTo(ref(function));
    }

    @Test
    void logs_shouldGoToItsOwnGroupWithTheRetention_always() {
        Map.Entry<String, JsonNode> logs = resourceAt(template, "Test/Thing/Logs");

        assertThat(function().getValue().path("Properties").path("LoggingConfig").path("LogGroup"))
                .isEqualTo(ref(logs.getKey()));
        assertThat(logs.getValue().path("Properties").path("RetentionInDays").asInt()).isEqualTo(14);
    }

    @Test
    void role_shouldOnlyWriteItsOwnLogs_untilSomethingIsGranted() {
        JsonNode role = resourceAt(template, "Test/Thing/Role").getValue().path("Properties");
        String logs = resourceAt(template, "Test/Thing/Logs").getKey();

        assertThat(role.has("ManagedPolicyArns")).isFalse();
        assertThat(resources(template, "AWS::IAM::Policy").values()).singleElement().satisfies(policy ->
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statement -> {
                    assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                    assertThat(statement.path("Resource").path("Fn::GetAtt").get(0).asText()).isEqualTo(logs);
                }));
    }

    private static Map.Entry<String, JsonNode> function() {
        return resourceAt(template, "Test/Thing/Function");
    }
}
