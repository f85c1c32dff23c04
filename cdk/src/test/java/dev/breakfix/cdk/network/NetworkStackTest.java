package dev.breakfix.cdk.network;

import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The network: isolated server subnets in two zones, no NAT, SSH in only from the platform, DNS out only. */
class NetworkStackTest {
    private static final String STACK = BreakfixApp.NETWORK_STACK;
    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().network());
    }

    @Test
    void subnets_shouldBeInTwoZones_perGroup_withServersAndPlatformIsolated() {
        Map<String, JsonNode> subnets = resources(template, "AWS::EC2::Subnet");
        Set<String> zones = new TreeSet<>();
        subnets.values().forEach(subnet -> zones.add(subnet.path("Properties").path("AvailabilityZone").asText()));

        assertThat(zones).hasSizeGreaterThanOrEqualTo(2);
        assertThat(subnets.keySet()).filteredOn(id -> id.contains("Servers")).hasSize(zones.size());
        assertThat(subnets.keySet()).filteredOn(id -> id.contains("Platform")).hasSize(zones.size());
        // isolated: no route of a Servers or Platform subnet leaves the VPC
        resources(template, "AWS::EC2::Route").forEach((id, route) -> {
            assertThat(id).as("only public subnets route out").startsWith("VpcPublic");
            assertThat(route.path("Properties").has("NatGatewayId")).isFalse();
        });
        assertThat(resources(template, "AWS::EC2::NatGateway")).isEmpty();
        subnets.forEach((id, subnet) -> {
            if (!id.contains("Public")) {
                assertThat(subnet.path("Properties").path("MapPublicIpOnLaunch").asBoolean(false)).as(id).isFalse();
            }
        });
    }

    @Test
    void endpoints_shouldBeS3AndDynamoDbGateways_andSecretsManagerAndStepFunctionsInterfaces() {
        List<String> gateways = new ArrayList<>();
        List<String> interfaces = new ArrayList<>();
        resources(template, "AWS::EC2::VPCEndpoint").values().forEach(endpoint -> {
            JsonNode properties = endpoint.path("Properties");
            String service = properties.path("ServiceName").toString();
            if ("Interface".equals(properties.path("VpcEndpointType").asText())) {
                interfaces.add(service);
                assertThat(properties.path("PrivateDnsEnabled").asBoolean()).isTrue();
            } else {
                gateways.add(service);
            }
        });

        assertThat(gateways).hasSize(2).anyMatch(s -> s.contains(".s3")).anyMatch(s -> s.contains(".dynamodb"));
        assertThat(interfaces).hasSize(2).anyMatch(s -> s.contains("secretsmanager")).anyMatch(s -> s.contains("states"));
    }

    @Test
    void servers_shouldAcceptOnlySshFromTheGatewayAndTheChecker_andSendOnlyDnsToTheResolver() {
        String servers = resourceAt(template, STACK + "/Servers").getKey();
        String gateway = resourceAt(template, STACK + "/Gateway").getKey();
        String checker = resourceAt(template, STACK + "/Checker").getKey();

        List<JsonNode> ingress = ingressOf(servers);
        assertThat(ingress).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.path("IpProtocol").asText()).isEqualTo("tcp");
            assertThat(rule.path("FromPort").asInt()).isEqualTo(22);
            assertThat(rule.path("ToPort").asInt()).isEqualTo(22);
        });
        assertThat(ingress).extracting(rule -> rule.path("SourceSecurityGroupId").path("Fn::GetAtt").get(0).asText())
                .containsExactlyInAnyOrder(gateway, checker);

        JsonNode egress = resourceAt(template, STACK + "/Servers").getValue().path("Properties").path("SecurityGroupEgress");
        assertThat(egress).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.path("CidrIp").asText()).isEqualTo(NetworkStack.resolverAddress(dev.breakfix.cdk.Settings.DEFAULT_VPC_CIDR) + "/32");
            assertThat(rule.path("FromPort").asInt()).isEqualTo(53);
            assertThat(rule.path("ToPort").asInt()).isEqualTo(53);
        });
        assertThat(resources(template, "AWS::EC2::SecurityGroupEgress").values())
                .noneMatch(rule -> rule.path("Properties").path("GroupId").toString().contains(servers));
    }

    @Test
    void loadBalancer_shouldAcceptOnlyCloudFrontsOriginFacingList_andReachOnlyTheGatewayTasks() {
        String balancer = resourceAt(template, STACK + "/LoadBalancer").getKey();
        String gateway = resourceAt(template, STACK + "/Gateway").getKey();

        List<JsonNode> ingress = ingressOf(balancer);
        assertThat(ingress).hasSize(1);
        assertThat(ingress.get(0).path("SourcePrefixListId").toString()).contains("CloudFrontPrefixList");
        assertThat(ingress.get(0).path("FromPort").asInt()).isEqualTo(NetworkStack.LOAD_BALANCER_PORT);
        assertThat(ingressOf(gateway)).hasSize(1).allSatisfy(rule ->
                assertThat(rule.path("SourceSecurityGroupId").toString()).contains(balancer));
        JsonNode lookup = resources(template, "Custom::AWS").values().iterator().next().path("Properties").path("Create");
        assertThat(lookup.toString()).contains("describeManagedPrefixLists")
                .contains(NetworkStack.CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST);
    }

    @Test
    void flowLogs_shouldRecordRejectedTraffic() {
        JsonNode flowLog = resources(template, "AWS::EC2::FlowLog").values().iterator().next().path("Properties");

        assertThat(flowLog.path("TrafficType").asText()).isEqualTo("REJECT");
        assertThat(flowLog.path("LogDestinationType").asText()).isEqualTo("cloud-watch-logs");
    }

    @Test
    void resolverAddress_shouldBeTheBasePlusTwo_always() {
        assertThat(NetworkStack.resolverAddress("10.40.0.0/16")).isEqualTo("10.40.0.2");
        assertThat(NetworkStack.resolverAddress("172.31.255.254/31")).isEqualTo("172.32.0.0");
    }

    @Test
    void settings_shouldRefuse_fewerThanTwoZones() {
        assertThatThrownBy(() -> new NetworkStack.Settings("10.0.0.0/16", List.of("eu-west-1a")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<JsonNode> ingressOf(String group) {
        List<JsonNode> rules = new ArrayList<>();
        resources(template, "AWS::EC2::SecurityGroupIngress").values().forEach(rule -> {
            if (rule.path("Properties").path("GroupId").path("Fn::GetAtt").path(0).asText().equals(group)) {
                rules.add(rule.path("Properties"));
            }
        });
        resourceAt(template, STACK + "/" + group.replaceAll("[0-9A-F]{8}$", "")).getValue().path("Properties")
                .path("SecurityGroupIngress").forEach(rules::add);
        return rules;
    }
}
