package dev.breakfix.cdk.gateway;

import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import dev.breakfix.cdk.TestApps;
import dev.breakfix.cdk.network.NetworkStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The terminal gateway: Fargate (arm64) behind an internal load balancer that only CloudFront reaches. */
class GatewayStackTest {
    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().gateway());
    }

    @Test
    void loadBalancer_shouldBeInternal_listenOnHttpWithoutOpeningItself_andForwardToTheTasks() {
        JsonNode balancer = single("AWS::ElasticLoadBalancingV2::LoadBalancer");
        JsonNode listener = single("AWS::ElasticLoadBalancingV2::Listener");
        JsonNode targets = single("AWS::ElasticLoadBalancingV2::TargetGroup");

        assertThat(balancer.path("Scheme").asText()).isEqualTo("internal");
        assertThat(balancer.path("Subnets").toString()).contains("Platform");
        assertThat(listener.path("Port").asInt()).isEqualTo(NetworkStack.LOAD_BALANCER_PORT);
        assertThat(targets.path("Port").asInt()).isEqualTo(NetworkStack.GATEWAY_PORT);
        assertThat(targets.path("TargetType").asText()).isEqualTo("ip");
        assertThat(targets.path("HealthCheckPath").asText()).isEqualTo(GatewayStack.HEALTH_CHECK_PATH);
        assertThat(resources(template, "AWS::EC2::SecurityGroup")).as("its groups live in the network stack").isEmpty();
        assertThat(resources(template, "AWS::EC2::SecurityGroupIngress")).isEmpty();
    }

    @Test
    void tasks_shouldRunOnArm64FromTheRepository_withTheirContract() {
        JsonNode task = single("AWS::ECS::TaskDefinition");
        JsonNode container = task.path("ContainerDefinitions").get(0);

        assertThat(task.path("RuntimePlatform").path("CpuArchitecture").asText()).isEqualTo("ARM64");
        assertThat(container.path("Image").toString()).contains("GatewayImages").contains(":latest");
        assertThat(container.path("LogConfiguration").path("LogDriver").asText()).isEqualTo("awslogs");
        assertThat(container.path("Environment").toString()).contains("ROUTES_TABLE").contains("SESSIONS_TABLE")
                .contains("COUNTERS_TABLE")
                .contains("RECORDINGS_BUCKET").contains("MASTER_SECRET_ARN").contains("\"PORT\"");
    }

    @Test
    void service_shouldRunInPublicSubnets_withAPublicAddress_behindItsOwnGroup() {
        JsonNode service = single("AWS::ECS::Service");
        JsonNode network = service.path("NetworkConfiguration").path("AwsvpcConfiguration");

        assertThat(network.path("AssignPublicIp").asText()).isEqualTo("ENABLED");
        assertThat(network.path("Subnets").toString()).contains("Public");
        assertThat(network.path("SecurityGroups").toString()).contains("Gateway");
        assertThat(service.path("DeploymentConfiguration").path("DeploymentCircuitBreaker").path("Rollback").asBoolean())
                .isTrue();
    }

    @Test
    void taskRole_shouldReadRoutesAndSessions_writeOnlyCounters_readWriteRecordings_andReadTheSecret() {
        StringBuilder policies = new StringBuilder();
        resources(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (id.startsWith("Task")) {
                policies.append(policy.path("Properties").path("PolicyDocument"));
            }
        });
        String text = policies.toString();

        assertThat(text).contains("s3:PutObject").contains("s3:GetObject").doesNotContain("s3:DeleteObject")
                .contains("secretsmanager:GetSecretValue");
        resources(template, "AWS::IAM::Policy").values().forEach(policy ->
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statement -> {
                    String resource = statement.path("Resource").toString();
                    if (statement.path("Action").toString().contains("dynamodb:PutItem")) {
                        assertThat(resource).contains("Counters").doesNotContain("Routes").doesNotContain("Sessions");
                    }
                }));
    }

    @Test
    void taskRole_shouldOnlyPutItemsOnCounters_listAndReadRecordings_andGetTheSecretItsEnvironmentNames() {
        List<JsonNode> statements = new ArrayList<>();
        resources(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (id.startsWith("Task") && !id.contains("ExecutionRole")) {
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        });

        // used tickets: one conditional put, on Counters alone
        List<JsonNode> counters = statements.stream()
                .filter(statement -> statement.path("Resource").toString().contains("Counters")).toList();
        assertThat(counters).hasSize(1);
        assertThat(counters.get(0).path("Action").asText()).isEqualTo("dynamodb:PutItem");
        // recordings: listed by prefix, read and written, never deleted
        String all = statements.toString();
        assertThat(all).contains("s3:ListBucket").contains("s3:GetObject").contains("s3:PutObject");
        // the secret its environment names
        JsonNode environment = single("AWS::ECS::TaskDefinition").path("ContainerDefinitions").get(0).path("Environment");
        String secretArn = StreamSupport.stream(environment.spliterator(), false)
                .filter(variable -> variable.path("Name").asText().equals("MASTER_SECRET_ARN")).findFirst().orElseThrow()
                .path("Value").toString();
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement.path("Action").toString()).contains("secretsmanager:GetSecretValue");
            assertThat(statement.path("Resource").toString()).isEqualTo(secretArn);
        });
    }

    @Test
    void targets_shouldKeepASessionsTabsOnOneTask() {
        JsonNode targets = single("AWS::ElasticLoadBalancingV2::TargetGroup");

        assertThat(targets.path("TargetGroupAttributes").toString()).contains("stickiness.enabled")
                .contains("lb_cookie");
    }

    @Test
    void settings_shouldRefuse_aBlankTagOrNoTasks() {
        assertThatThrownBy(() -> new GatewayStack.Settings(" ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayStack.Settings("v1", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode single(String type) {
        assertThat(resources(template, type)).as(type).hasSize(1);
        return resources(template, type).values().iterator().next().path("Properties");
    }
}
