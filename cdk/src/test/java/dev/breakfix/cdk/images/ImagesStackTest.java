package dev.breakfix.cdk.images;

import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.RepositoryRoot;
import dev.breakfix.cdk.TestApps;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioFolders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** EC2 Image Builder: one pipeline per scenario folder, from the same files the local images use. */
class ImagesStackTest {
    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().images());
    }

    static Stream<Scenario> scenarios() {
        return ScenarioFolders.load(RepositoryRoot.findFrom(Path.of("")).scenarioFolder()).all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario_shouldHaveARecipeFromDebian12Arm64_withBaseScenarioAndFinishComponents(Scenario scenario) {
        JsonNode recipe = byName("AWS::ImageBuilder::ImageRecipe", "-" + scenario.id());

        assertThat(recipe.path("ParentImage").asText()).isEqualTo("ssm:" + ImagesStack.DEBIAN_12_ARM64);
        assertThat(recipe.path("Components")).hasSize(3);
        assertThat(recipe.path("Components").toString()).contains("BaseComponent").contains("FinishComponent")
                .contains("Component" + scenario.id().replace("-", ""));
        JsonNode root = recipe.path("BlockDeviceMappings").get(0);
        assertThat(root.path("DeviceName").asText()).isEqualTo(ImagesStack.ROOT_DEVICE);
        assertThat(root.path("Ebs").path("Encrypted").asBoolean()).isTrue();
        String userData = new String(Base64.getDecoder().decode(recipe.path("AdditionalInstanceConfiguration")
                .path("UserDataOverride").asText()), StandardCharsets.UTF_8);
        assertThat(userData).contains("debian_arm64/amazon-ssm-agent.deb");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario_shouldHaveAComponentRunningItsPackagesAndSetupScript(Scenario scenario) throws Exception {
        String document = byName("AWS::ImageBuilder::Component", "-" + scenario.id()).path("Data").asText();
        String setup = Files.readString(RepositoryRoot.findFrom(Path.of("")).scenarioFolder()
                .resolve(scenario.id()).resolve("setup.sh"));

        assertThat(document).contains(Base64.getEncoder().encodeToString(setup.getBytes(StandardCharsets.UTF_8)));
        scenario.packages().forEach(name -> assertThat(document).contains(name));
        assertThat(document).contains("set -- " + scenario.loginUser() + (scenario.sudo() ? " yes" : " no"));
        assertThat(document.length()).isLessThanOrEqualTo(ImageComponents.MAX_DOCUMENT_CHARS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario_shouldHaveAPipelineThatPublishesItsAmiToItsParameter_withTheScenarioTag(Scenario scenario) {
        JsonNode distribution = byName("AWS::ImageBuilder::DistributionConfiguration", "-" + scenario.id())
                .path("Distributions").get(0);
        JsonNode parameter = distribution.path("SsmParameterConfigurations").get(0);

        assertThat(parameter.path("ParameterName").asText()).isEqualTo(ImagesStack.imageParameter(scenario.id()));
        assertThat(parameter.path("DataType").asText()).isEqualTo("aws:ec2:image");
        assertThat(distribution.path("AmiDistributionConfiguration").path("amiTags")
                .path(ImagesStack.IMAGE_TAG).asText()).isEqualTo(ImagesStack.IMAGE_TAG_VALUE);
        JsonNode pipeline = byName("AWS::ImageBuilder::ImagePipeline", "-" + scenario.id());
        assertThat(pipeline.path("Status").asText()).isEqualTo("ENABLED");
        assertThat(pipeline.has("Schedule")).as("started by the operator").isFalse();
    }

    @Test
    void pipelines_shouldBeOnePerScenario_andNoMore() {
        assertThat(resources(template, "AWS::ImageBuilder::ImagePipeline")).hasSize((int) scenarios().count());
    }

    @Test
    void builds_shouldRunWithImdsV2_inAPublicSubnet_andTerminateOnFailure() {
        JsonNode infrastructure = resources(template, "AWS::ImageBuilder::InfrastructureConfiguration").values()
                .iterator().next().path("Properties");

        assertThat(infrastructure.path("InstanceMetadataOptions").path("HttpTokens").asText()).isEqualTo("required");
        assertThat(infrastructure.path("TerminateInstanceOnFailure").asBoolean()).isTrue();
        assertThat(infrastructure.path("SubnetId").toString()).contains("Public");
        assertThat(infrastructure.path("InstanceTypes").toString()).contains("t4g.");
    }

    @Test
    void baseComponent_shouldInstallThePackageListAndRunProvision() throws Exception {
        Path base = RepositoryRoot.findFrom(Path.of("")).scenarioFolder().resolve("base");
        String document = byName("AWS::ImageBuilder::Component", "-base").path("Data").asText();

        ImageComponents.packageList(Files.readString(base.resolve("packages.txt")))
                .forEach(name -> assertThat(document).contains(" " + name));
        assertThat(document).contains(Base64.getEncoder().encodeToString(
                Files.readAllBytes(base.resolve("provision.sh"))));
    }

    private static JsonNode byName(String type, String suffix) {
        Map<String, JsonNode> found = resources(template, type);
        List<JsonNode> matching = found.values().stream()
                .map(resource -> resource.path("Properties"))
                .filter(properties -> properties.path("Name").asText().endsWith(suffix))
                .toList();
        assertThat(matching).as(type + " named *" + suffix).hasSize(1);
        return matching.get(0);
    }
}
