package dev.breakfix.cdk.network;

import dev.breakfix.cdk.constructs.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The network scenario servers live in, and the few things allowed to reach them.
 *
 * <p><b>Subnets</b> (one of each per Availability Zone, no NAT gateway anywhere):
 * <ul>
 *   <li>{@code Servers} — isolated: no route out of the VPC at all. Scenario servers only.</li>
 *   <li>{@code Platform} — isolated: the functions that SSH into servers (the checker and the
 *       "wait for SSH" task), the interface endpoints they use, and the terminal gateway's internal
 *       load balancer (a CloudFront VPC origin).</li>
 *   <li>{@code Public} — an internet gateway route: the terminal gateway's Fargate tasks (public IP,
 *       so they reach ECR, Secrets Manager and CloudWatch without a NAT gateway; nothing may connect
 *       to them but the load balancer) and EC2 Image Builder's build instances.</li>
 * </ul>
 *
 * <p><b>Security groups</b> are all defined here, with every rule between them, so the whole
 * reachability picture is one template: servers accept SSH only from the gateway and the checker, and
 * send nothing but DNS to the VPC resolver; the load balancer accepts HTTP only from CloudFront's
 * origin-facing address list; the interface endpoints accept HTTPS only from the checker.
 *
 * <p><b>Endpoints</b>: S3 and DynamoDB gateway endpoints (free) for the isolated and public subnets;
 * Secrets Manager and Step Functions interface endpoints for the in-VPC functions
 * (docs/decisions/0009).
 */
public final class NetworkStack extends Stack {
    /** The port the terminal gateway's container listens on; the load balancer forwards to it. */
    public static final int GATEWAY_PORT = 8080;
    /** The port the internal load balancer listens on for CloudFront (VPC origin). */
    public static final int LOAD_BALANCER_PORT = 80;
    public static final String CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

    /**
     * The network as the other stacks use it.
     *
     * @param servers where scenario servers run (one isolated subnet per zone)
     * @param platform where the in-VPC functions and the internal load balancer run
     * @param publicSubnets where the gateway's tasks and image builds run
     */
    public record Network(IVpc vpc, SubnetSelection servers, SubnetSelection platform, SubnetSelection publicSubnets,
            ISecurityGroup serversGroup, ISecurityGroup checkerGroup, ISecurityGroup gatewayGroup,
            ISecurityGroup loadBalancerGroup, ISecurityGroup imageBuildGroup) {}

    /**
     * What may differ between deployments.
     *
     * @param cidr the VPC's address range (a /16 leaves room for thousands of servers)
     * @param availabilityZones at least two, named explicitly so that nothing is looked up at synth
     */
    public record Settings(String cidr, List<String> availabilityZones) {
        public Settings {
            if (availabilityZones.size() < 2) {
                throw new IllegalArgumentException("scenario servers need at least two Availability Zones, not "
                        + availabilityZones);
            }
            availabilityZones = List.copyOf(availabilityZones);
        }
    }

    private final Network network;
    private final List<String> zones;

    public NetworkStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        zones = settings.availabilityZones();
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(settings.cidr()))
                .availabilityZones(settings.availabilityZones())
                .natGateways(0)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).cidrMask(24)
                                .mapPublicIpOnLaunch(true).build(),
                        SubnetConfiguration.builder().name("Platform").subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24).build(),
                        SubnetConfiguration.builder().name("Servers").subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(20).build()))
                .build();
        Nag.acknowledge(vpc, "CloudFormation-Validate::W3010",
                "zones are named on purpose (context availabilityZones) so that nothing is looked up at synth");
        SubnetSelection servers = SubnetSelection.builder().subnetGroupName("Servers").build();
        SubnetSelection platform = SubnetSelection.builder().subnetGroupName("Platform").build();
        SubnetSelection publicSubnets = SubnetSelection.builder().subnetGroupName("Public").build();

        LogGroup flowLogs = LogGroup.Builder.create(this, "RejectedFlows")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Rejected traffic only: a server trying to reach out, or someone probing, shows up here.
        vpc.addFlowLog("RejectedFlowLog", FlowLogOptions.builder()
                .trafficType(FlowLogTrafficType.REJECT)
                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                .build());

        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(platform, publicSubnets))
                .build());
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB)
                .subnets(List.of(platform, publicSubnets))
                .build());

        SecurityGroup serversGroup = group(vpc, "Servers",
                "breakfix scenario servers: SSH in from the gateway and the checker only; DNS out only");
        SecurityGroup checkerGroup = SecurityGroup.Builder.create(this, "Checker")
                .vpc(vpc)
                .description("breakfix functions that SSH into scenario servers (checker, wait-for-SSH task)")
                .allowAllOutbound(true)
                .build();
        SecurityGroup gatewayGroup = SecurityGroup.Builder.create(this, "Gateway")
                .vpc(vpc)
                .description("breakfix terminal gateway tasks: reached from the load balancer only")
                .allowAllOutbound(true)
                .build();
        SecurityGroup loadBalancerGroup = group(vpc, "LoadBalancer",
                "breakfix terminal gateway load balancer: CloudFront (VPC origin) in, the gateway tasks out");
        SecurityGroup endpointsGroup = group(vpc, "Endpoints",
                "breakfix interface endpoints: HTTPS from the in-VPC functions only");
        SecurityGroup imageBuildGroup = SecurityGroup.Builder.create(this, "ImageBuild")
                .vpc(vpc)
                .description("EC2 Image Builder build instances: no inbound; out to Debian mirrors and Systems Manager")
                .allowAllOutbound(true)
                .build();

        // Scenario servers: SSH in from the two kinds of platform clients, DNS out to the VPC resolver.
        serversGroup.addIngressRule(gatewayGroup, Port.tcp(22), "SSH from the terminal gateway");
        serversGroup.addIngressRule(checkerGroup, Port.tcp(22), "SSH from the checker and the wait-for-SSH task");
        String resolver = resolverAddress(settings.cidr()) + "/32";
        serversGroup.addEgressRule(Peer.ipv4(resolver), Port.udp(53), "DNS to the VPC resolver");
        serversGroup.addEgressRule(Peer.ipv4(resolver), Port.tcp(53), "DNS (TCP) to the VPC resolver");

        // Terminal gateway: CloudFront -> load balancer -> tasks.
        loadBalancerGroup.addIngressRule(Peer.prefixList(cloudFrontOriginFacingPrefixList()),
                Port.tcp(LOAD_BALANCER_PORT), "CloudFront origin-facing addresses (VPC origin) only");
        loadBalancerGroup.addEgressRule(gatewayGroup, Port.tcp(GATEWAY_PORT), "to the terminal gateway tasks");
        gatewayGroup.addIngressRule(loadBalancerGroup, Port.tcp(GATEWAY_PORT), "from the load balancer only");

        endpointsGroup.addIngressRule(checkerGroup, Port.tcp(443), "AWS APIs from the in-VPC functions");
        vpc.addInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                .subnets(platform)
                .securityGroups(List.of(endpointsGroup))
                .privateDnsEnabled(true)
                .open(false)
                .build());
        vpc.addInterfaceEndpoint("StepFunctions", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.STEP_FUNCTIONS)
                .subnets(platform)
                .securityGroups(List.of(endpointsGroup))
                .privateDnsEnabled(true)
                .open(false)
                .build());

        network = new Network(vpc, servers, platform, publicSubnets, serversGroup, checkerGroup, gatewayGroup,
                loadBalancerGroup, imageBuildGroup);
    }

    public Network network() {
        return network;
    }

    /**
     * The zones of the settings: without this, the VPC would ask the account for its zones (a lookup
     * with credentials) even though they are given.
     */
    @Override
    public List<String> getAvailabilityZones() {
        return zones;
    }

    /** The Amazon-provided DNS server: the VPC's base address plus two. */
    static String resolverAddress(String cidr) {
        String[] parts = cidr.split("/")[0].split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        long base = 0;
        for (String part : parts) {
            base = base * 256 + Integer.parseInt(part);
        }
        long resolver = base + 2;
        return ((resolver >> 24) & 255) + "." + ((resolver >> 16) & 255) + "." + ((resolver >> 8) & 255) + "."
                + (resolver & 255);
    }

    private SecurityGroup group(IVpc vpc, String id, String description) {
        return SecurityGroup.Builder.create(this, id).vpc(vpc).description(description).allowAllOutbound(false).build();
    }

    /**
     * The id of CloudFront's origin-facing managed prefix list differs per region and cannot be
     * resolved by CloudFormation, so a one-call custom resource reads it at deploy time (offline synth
     * needs no lookup).
     */
    private String cloudFrontOriginFacingPrefixList() {
        AwsSdkCall call = AwsSdkCall.builder()
                .service("EC2")
                .action("describeManagedPrefixLists")
                .parameters(Map.of("Filters", List.of(Map.of(
                        "Name", "prefix-list-name",
                        "Values", List.of(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST)))))
                .physicalResourceId(PhysicalResourceId.of(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST))
                .outputPaths(List.of("PrefixLists.0.PrefixListId"))
                .build();
        AwsCustomResource lookup = AwsCustomResource.Builder.create(this, "CloudFrontPrefixList")
                .onCreate(call)
                .onUpdate(call)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(AwsCustomResourcePolicy.ANY_RESOURCE)
                        .build()))
                .installLatestAwsSdk(false)
                .build();
        Nag.acknowledge(lookup, "AwsSolutions-IAM5", List.of("Resource::*"),
                "ec2:DescribeManagedPrefixLists supports no resource-level permissions; the call only reads a public list id");
        // The custom resource's one Lambda function, shared by the stack (aws-cdk-lib's own provider).
        Nag.acknowledgeCustomResourceProvider(this);
        return lookup.getResponseField("PrefixLists.0.PrefixListId");
    }
}
