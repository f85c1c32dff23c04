package dev.breakfix.cdk.images;

import dev.breakfix.cdk.constructs.Nag;
import dev.breakfix.cdk.network.NetworkStack;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.imagebuilder.CfnComponent;
import software.amazon.awscdk.services.imagebuilder.CfnDistributionConfiguration;
import software.amazon.awscdk.services.imagebuilder.CfnImagePipeline;
import software.amazon.awscdk.services.imagebuilder.CfnImageRecipe;
import software.amazon.awscdk.services.imagebuilder.CfnInfrastructureConfiguration;
import software.constructs.Construct;

/**
 * EC2 Image Builder: one image pipeline per scenario, each producing an arm64 AMI from the Debian 12
 * AMI with the base component ({@code scenario-amis/base}), the scenario's component and a finishing
 * step. Each pipeline writes its newest AMI id to the scenario's SSM parameter
 * ({@link #imageParameter}); launches name that parameter ({@code resolve:ssm:...}), so a new image
 * is used by the next session without a deployment (docs/decisions/0010).
 *
 * <p>Pipelines run when started ({@code aws imagebuilder start-image-pipeline-execution}, see
 * docs/deploy.md), not on a schedule. Builds run in the public subnets: they need Debian's mirrors and
 * Systems Manager; the images they make never do.
 */
public final class ImagesStack extends Stack {
    /** The Debian project's public SSM parameter for the newest Debian 12 arm64 AMI in the region. */
    public static final String DEBIAN_12_ARM64 = "/aws/service/debian/release/12/latest/arm64";
    /** Where each scenario's newest AMI id is written; {@code <id>} follows. */
    public static final String IMAGE_PARAMETER_PREFIX = "/breakfix/scenario-images/";
    /** The tag every scenario AMI carries; the launch permission only allows AMIs with it. */
    public static final String IMAGE_TAG = "breakfix:image";
    public static final String IMAGE_TAG_VALUE = "scenario";
    /** Debian's AMIs boot from this device; the root volume settings apply to it. */
    public static final String ROOT_DEVICE = "/dev/xvda";
    public static final int ROOT_VOLUME_GIB = 8;
    /** Build instances: arm64 like the servers, with room for apt and a booted systemd. */
    static final List<String> BUILD_INSTANCE_TYPES = List.of("t4g.small", "t4g.medium");

    private final Map<String, String> imageParameters;

    public ImagesStack(Construct scope, String id, StackProps props, NetworkStack.Network network, Path scenarioFolder,
            ScenarioCatalog catalog) {
        super(scope, id, props);
        String prefix = getStackName();

        String baseDocument = ImageComponents.base(scenarioFolder.resolve("base"));
        CfnComponent base = component("BaseComponent", prefix + "-base", baseDocument,
                "the base every scenario server starts from");
        String finishDocument = ImageComponents.finish();
        CfnComponent finish = component("FinishComponent", prefix + "-finish", finishDocument,
                "leaves no agent running and cloud-init away from users");

        CfnInfrastructureConfiguration infrastructure = infrastructure(prefix, network);

        Map<String, String> parameters = new LinkedHashMap<>();
        for (Scenario scenario : catalog.all()) {
            String document = ImageComponents.scenario(scenario, scenarioFolder.resolve(scenario.id()));
            CfnComponent component = component("Component-" + scenario.id(), prefix + "-" + scenario.id(), document,
                    "scenario " + scenario.id());
            String recipeVersion = ImageComponents.version(ImageComponents.fingerprint(
                    baseDocument, document, finishDocument, DEBIAN_12_ARM64));
            CfnImageRecipe recipe = CfnImageRecipe.Builder.create(this, "Recipe-" + scenario.id())
                    .name(prefix + "-" + scenario.id())
                    .version(recipeVersion)
                    .description("breakfix scenario " + scenario.id() + " on Debian 12 arm64")
                    .parentImage("ssm:" + DEBIAN_12_ARM64)
                    .components(List.of(
                            componentRef(base), componentRef(component), componentRef(finish)))
                    .blockDeviceMappings(List.of(CfnImageRecipe.InstanceBlockDeviceMappingProperty.builder()
                            .deviceName(ROOT_DEVICE)
                            .ebs(CfnImageRecipe.EbsInstanceBlockDeviceSpecificationProperty.builder()
                                    .volumeType("gp3")
                                    .volumeSize(ROOT_VOLUME_GIB)
                                    .encrypted(true)
                                    .deleteOnTermination(true)
                                    .build())
                            .build()))
                    .additionalInstanceConfiguration(CfnImageRecipe.AdditionalInstanceConfigurationProperty.builder()
                            .userDataOverride(Base64.getEncoder().encodeToString(
                                    ImageComponents.buildInstanceUserData(getRegion()).getBytes(StandardCharsets.UTF_8)))
                            .build())
                    .build();

            String parameter = imageParameter(scenario.id());
            CfnDistributionConfiguration distribution = CfnDistributionConfiguration.Builder.create(this,
                            "Distribution-" + scenario.id())
                    .name(prefix + "-" + scenario.id())
                    .description("publishes the newest " + scenario.id() + " AMI id to " + parameter)
                    .distributions(List.of(CfnDistributionConfiguration.DistributionProperty.builder()
                            .region(getRegion())
                            .amiDistributionConfiguration(
                                    CfnDistributionConfiguration.AmiDistributionConfigurationProperty.builder()
                                            .name("breakfix-" + scenario.id() + "-{{imagebuilder:buildDate}}")
                                            .description("breakfix scenario server: " + scenario.id())
                                            .amiTags(Map.of(
                                                    IMAGE_TAG, IMAGE_TAG_VALUE,
                                                    "breakfix:scenario", scenario.id()))
                                            .build())
                            .ssmParameterConfigurations(List.of(
                                    CfnDistributionConfiguration.SsmParameterConfigurationProperty.builder()
                                            .parameterName(parameter)
                                            .dataType("aws:ec2:image")
                                            .build()))
                            .build()))
                    .build();

            CfnImagePipeline.Builder.create(this, "Pipeline-" + scenario.id())
                    .name(prefix + "-" + scenario.id())
                    .description("builds the " + scenario.id() + " scenario image; started by the operator")
                    .imageRecipeArn(recipe.getAttrArn())
                    .infrastructureConfigurationArn(infrastructure.getAttrArn())
                    .distributionConfigurationArn(distribution.getAttrArn())
                    .imageTestsConfiguration(CfnImagePipeline.ImageTestsConfigurationProperty.builder()
                            .imageTestsEnabled(false)
                            .build())
                    .enhancedImageMetadataEnabled(true)
                    .status("ENABLED")
                    .build();
            parameters.put(scenario.id(), parameter);
        }
        imageParameters = Collections.unmodifiableMap(parameters);
    }

    /** The SSM parameter holding the newest AMI id of a scenario's image. */
    public static String imageParameter(String scenarioId) {
        return IMAGE_PARAMETER_PREFIX + scenarioId;
    }

    /** Scenario id → SSM parameter name, for every scenario in the catalog. */
    public Map<String, String> imageParameters() {
        return imageParameters;
    }

    private CfnComponent component(String id, String name, String document, String what) {
        return CfnComponent.Builder.create(this, id)
                .name(name)
                .version(ImageComponents.version(ImageComponents.fingerprint(document)))
                .platform("Linux")
                .supportedOsVersions(List.of("Debian 12"))
                .description("breakfix: " + what)
                .data(document)
                .build();
    }

    private static CfnImageRecipe.ComponentConfigurationProperty componentRef(CfnComponent component) {
        return CfnImageRecipe.ComponentConfigurationProperty.builder().componentArn(component.getAttrArn()).build();
    }

    /**
     * Where builds run: a small arm64 instance in a public subnet, with an instance profile that lets
     * Image Builder drive it through Systems Manager, IMDSv2, terminated if a build fails.
     */
    private CfnInfrastructureConfiguration infrastructure(String prefix, NetworkStack.Network network) {
        Role role = Role.Builder.create(this, "BuildInstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("EC2 Image Builder build instances of breakfix scenario images")
                .managedPolicies(List.of(
                        ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"),
                        ManagedPolicy.fromAwsManagedPolicyName("EC2InstanceProfileForImageBuilder")))
                .build();
        Nag.acknowledge(role, "AwsSolutions-IAM4", List.of(
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/EC2InstanceProfileForImageBuilder"),
                "the two policies EC2 Image Builder documents for build instances; AWS keeps them in step with the service");
        CfnInstanceProfile profile = CfnInstanceProfile.Builder.create(this, "BuildInstanceProfile")
                .roles(List.of(role.getRoleName()))
                .build();
        return CfnInfrastructureConfiguration.Builder.create(this, "BuildInfrastructure")
                .name(prefix + "-builds")
                .description("arm64 build instances in a public subnet, no inbound access")
                .instanceProfileName(profile.getRef())
                .instanceTypes(BUILD_INSTANCE_TYPES)
                .subnetId(network.vpc().selectSubnets(network.publicSubnets()).getSubnetIds().get(0))
                .securityGroupIds(List.of(network.imageBuildGroup().getSecurityGroupId()))
                .terminateInstanceOnFailure(true)
                .instanceMetadataOptions(CfnInfrastructureConfiguration.InstanceMetadataOptionsProperty.builder()
                        .httpTokens("required")
                        .httpPutResponseHopLimit(1)
                        .build())
                .build();
    }
}
