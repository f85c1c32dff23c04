package dev.breakfix.cdk.security;

import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;

/**
 * The security properties of DESIGN.md's security model, checked on every template of the app: a
 * property that holds for the stack that defines the resource today must also hold for any stack
 * that starts defining one tomorrow.
 */
class SecurityPropertiesTest {

    static Stream<Stack> stacks() {
        return TestApps.shared().stacks().all().stream();
    }

    private static JsonNode template(Stack stack) {
        return TestApps.shared().template(stack);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void ingress_shouldNeverBeOpenToTheWorld_exceptCloudFrontFacing443(Stack stack) {
        // given every inbound rule, inline or separate
        List<JsonNode> rules = new ArrayList<>();
        resources(template(stack), "AWS::EC2::SecurityGroup").values()
                .forEach(group -> group.path("Properties").path("SecurityGroupIngress").forEach(rules::add));
        resources(template(stack), "AWS::EC2::SecurityGroupIngress").values()
                .forEach(rule -> rules.add(rule.path("Properties")));

        // then none admits any address, unless it is HTTPS for CloudFront (there is none today)
        for (JsonNode rule : rules) {
            boolean worldOpen = "0.0.0.0/0".equals(rule.path("CidrIp").asText())
                    || "::/0".equals(rule.path("CidrIpv6").asText());
            if (worldOpen) {
                assertThat(rule.path("FromPort").asInt()).as(rule.toString()).isEqualTo(443);
                assertThat(rule.path("ToPort").asInt()).as(rule.toString()).isEqualTo(443);
            }
            assertThat(rule.has("CidrIp") || rule.has("CidrIpv6")).as("no address ranges at all: " + rule).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void instances_shouldNeverGetAnInstanceProfile_fromTheScenarioLaunchTemplate(Stack stack) {
        resources(template(stack), "AWS::EC2::LaunchTemplate").forEach((id, template) -> {
            JsonNode data = template.path("Properties").path("LaunchTemplateData");
            assertThat(data.has("IamInstanceProfile")).as(id).isFalse();
            assertThat(data.has("KeyName")).as(id).isFalse();
            assertThat(data.has("NetworkInterfaces")).as(id + ": no public address can be asked for").isFalse();
            assertThat(data.path("MetadataOptions").path("HttpTokens").asText()).as(id).isEqualTo("required");
            assertThat(data.path("MetadataOptions").path("HttpPutResponseHopLimit").asInt()).as(id).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void tables_shouldHavePointInTimeRecovery_always(Stack stack) {
        resources(template(stack), "AWS::DynamoDB::GlobalTable").forEach((id, table) ->
                table.path("Properties").path("Replicas").forEach(replica ->
                        assertThat(replica.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled")
                                .asBoolean()).as(id).isTrue()));
        assertThat(resources(template(stack), "AWS::DynamoDB::Table")).as("tables are TableV2").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void buckets_shouldBeEncryptedAndBlockAllPublicAccess_always(Stack stack) {
        resources(template(stack), "AWS::S3::Bucket").forEach((id, bucket) -> {
            JsonNode properties = bucket.path("Properties");
            assertThat(properties.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0)
                    .path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).as(id).isNotEmpty();
            JsonNode block = properties.path("PublicAccessBlockConfiguration");
            for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertThat(block.path(setting).asBoolean()).as(id + " " + setting).isTrue();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void volumes_shouldBeEncrypted_wherever_aBlockDeviceIsDefined(Stack stack) {
        resources(template(stack), "AWS::EC2::LaunchTemplate").forEach((id, template) ->
                template.path("Properties").path("LaunchTemplateData").path("BlockDeviceMappings").forEach(mapping ->
                        assertThat(mapping.path("Ebs").path("Encrypted").asBoolean()).as(id).isTrue()));
        resources(template(stack), "AWS::ImageBuilder::ImageRecipe").forEach((id, recipe) ->
                recipe.path("Properties").path("BlockDeviceMappings").forEach(mapping ->
                        assertThat(mapping.path("Ebs").path("Encrypted").asBoolean()).as(id).isTrue()));
        resources(template(stack), "AWS::ECR::Repository").forEach((id, repository) ->
                assertThat(repository.path("Properties").path("EncryptionConfiguration").path("EncryptionType").asText())
                        .as(id).isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void policies_shouldNeverAllowEverything_always(Stack stack) {
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::Role")) {
            resources(template(stack), type).forEach((id, resource) -> {
                List<JsonNode> statements = new ArrayList<>();
                resource.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
                resource.path("Properties").path("Policies").forEach(policy ->
                        policy.path("PolicyDocument").path("Statement").forEach(statements::add));
                for (JsonNode statement : statements) {
                    List<String> actions = new ArrayList<>();
                    JsonNode action = statement.path("Action");
                    if (action.isArray()) {
                        action.forEach(a -> actions.add(a.asText()));
                    } else {
                        actions.add(action.asText());
                    }
                    assertThat(actions).as(id).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                    assertThat(actions).as(id + ": only EC2 calls the workflow makes").noneMatch(a ->
                            a.startsWith("ec2:") && !List.of("ec2:RunInstances", "ec2:CreateTags", "ec2:TerminateInstances",
                                    "ec2:DescribeInstances", "ec2:DescribeManagedPrefixLists",
                                    // Lambda's own VPC access (AWSLambdaVPCAccessExecutionRole is managed) and the
                                    // default-security-group cleanup of aws-cdk-lib
                                    "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                                    "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress").contains(a));
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void nothing_shouldLaunchServers_exceptTheSessionWorkflow_norTerminateThem_exceptItAndTheReaper(Stack stack) {
        String workflow = TestApps.shared().stacks().workflow().getStackName();
        resources(template(stack), "AWS::IAM::Policy").forEach((id, policy) -> {
            String path = policy.path("Metadata").path("aws:cdk:path").asText();
            String document = policy.path("Properties").path("PolicyDocument").toString();
            if (!path.startsWith(workflow + "/Session/Role")) {
                assertThat(document).as(path).doesNotContain("ec2:RunInstances");
                if (!path.startsWith(workflow + "/Reaper/Role")) {
                    assertThat(document).as(path).doesNotContain("ec2:TerminateInstances");
                }
            }
        });
    }

    static Map<String, JsonNode> templates() {
        return TestApps.shared().templates();
    }
}
