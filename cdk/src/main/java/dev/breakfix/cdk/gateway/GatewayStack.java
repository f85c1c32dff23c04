package dev.breakfix.cdk.gateway;

import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.cdk.constructs.Grants;
import dev.breakfix.cdk.constructs.Nag;
import dev.breakfix.cdk.network.NetworkStack;
import dev.breakfix.cdk.stateful.StatefulStack;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The terminal gateway ({@code functions/terminal}) on ECS Fargate behind an internal Application
 * Load Balancer, which CloudFront reaches as a VPC origin for {@code /term/*} (WebSockets).
 *
 * <p>The container image comes from the ECR repository of the stateful stack, at the tag the app is
 * given ({@code -c gatewayImageTag=...}); the operator builds and pushes it (docs/deploy.md), so the
 * synth needs no Docker. Tasks run in the public subnets with a public address only to reach ECR,
 * Secrets Manager and CloudWatch without a NAT gateway; their security group admits the load balancer
 * alone. They SSH into scenario servers, read routes, write recordings and read the master secret.
 *
 * <p>The environment is the gateway's contract ({@code TerminalGatewayService}): {@code PORT},
 * {@code ROUTES_TABLE} and {@code SESSIONS_TABLE} (read), {@code COUNTERS_TABLE} (used tickets: a
 * conditional {@code PutItem}, nothing else), {@code RECORDINGS_BUCKET} (get, list, put),
 * {@code MASTER_SECRET_ARN} (read once at start with the task role: {@code GetSecretValue}),
 * {@code AWS_REGION}; its health check answers {@code GET /term/health}. Targets are sticky (a cookie,
 * one day), so that the tabs of one session reach one task, which writes its recording alone.
 */
public final class GatewayStack extends Stack {
    public static final String HEALTH_CHECK_PATH = "/term/health";

    /**
     * @param imageTag the tag of the gateway image in the repository
     * @param tasks how many tasks run (two for availability across zones, one to save)
     */
    public record Settings(String imageTag, int tasks) {
        public Settings {
            if (imageTag == null || imageTag.isBlank()) {
                throw new IllegalArgumentException("the gateway image tag is required");
            }
            if (tasks < 1) {
                throw new IllegalArgumentException("the gateway needs at least one task, not " + tasks);
            }
        }
    }

    private final ApplicationLoadBalancer loadBalancer;
    private final FargateService service;

    public GatewayStack(Construct scope, String id, StackProps props, StatefulStack.Data data,
            NetworkStack.Network network, Settings settings) {
        super(scope, id, props);
        // The security groups and every rule between them live in the network stack.
        ISecurityGroup tasksGroup = immutable("TasksGroup", network.gatewayGroup());
        ISecurityGroup loadBalancerGroup = immutable("LoadBalancerGroup", network.loadBalancerGroup());

        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(network.vpc()).build();
        Nag.acknowledge(cluster, "AwsSolutions-ECS4",
                "Container Insights bills per task metric; one small service is watched through its own logs and the ALB and ECS metrics on the dashboard");

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(256)
                .memoryLimitMiB(512)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.ARM64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        task.addContainer("Gateway", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(data.gatewayImages(), settings.imageTag()))
                .portMappings(List.of(PortMapping.builder().containerPort(NetworkStack.GATEWAY_PORT).build()))
                .environment(Map.of(
                        "PORT", Integer.toString(NetworkStack.GATEWAY_PORT),
                        Tables.ROUTES.environmentVariable(), data.tables().get(Tables.ROUTES).getTableName(),
                        Tables.SESSIONS.environmentVariable(), data.tables().get(Tables.SESSIONS).getTableName(),
                        Tables.COUNTERS.environmentVariable(), data.tables().get(Tables.COUNTERS).getTableName(),
                        "RECORDINGS_BUCKET", data.recordings().getBucketName(),
                        "MASTER_SECRET_ARN", data.masterSecret().getSecretArn(),
                        "AWS_REGION", getRegion()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("gateway").build()))
                .stopTimeout(Duration.seconds(30))
                .build());
        Nag.acknowledge(task, "AwsSolutions-ECS2",
                "the environment holds only resource names and ARNs; the gateway reads the secret itself, with its task role");
        Grants.table(task.getTaskRole(), Tables.ROUTES, data.tables().get(Tables.ROUTES), false);
        Grants.table(task.getTaskRole(), Tables.SESSIONS, data.tables().get(Tables.SESSIONS), false);
        // Used tickets are consumed with a conditional put on Counters (docs/decisions/0007), the one thing
        // the gateway does there; recordings are written in chunks, listed and read back to continue one (0008).
        Grants.items(task.getTaskRole(), data.tables().get(Tables.COUNTERS), List.of("dynamodb:PutItem"));
        Grants.objects(task, "RecordingsAccess", task.getTaskRole(), data.recordings(),
                List.of(Grants.Objects.READ, Grants.Objects.WRITE));
        data.masterSecret().grantRead(task.getTaskRole());
        Nag.acknowledge(task.obtainExecutionRole(), "AwsSolutions-IAM5", List.of("Resource::*"),
                "ecr:GetAuthorizationToken, which ECS needs to pull the image, supports no resource-level permissions");

        service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(settings.tasks())
                .assignPublicIp(true)
                .vpcSubnets(network.publicSubnets())
                .securityGroups(List.of(tasksGroup))
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .build();

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(network.vpc())
                .internetFacing(false)
                .vpcSubnets(network.platform())
                .securityGroup(loadBalancerGroup)
                // Terminal sessions are WebSockets that may be quiet for a while.
                .idleTimeout(Duration.minutes(30))
                .dropInvalidHeaderFields(true)
                .build();
        Nag.acknowledge(loadBalancer, "AwsSolutions-ELB2",
                "reached only from CloudFront, which logs viewer requests; the gateway logs every terminal connection with its session");
        ApplicationTargetGroup targets = ApplicationTargetGroup.Builder.create(this, "Targets")
                .vpc(network.vpc())
                .targetType(TargetType.IP)
                .port(NetworkStack.GATEWAY_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(HealthCheck.builder()
                        .path(HEALTH_CHECK_PATH)
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(15))
                        .build())
                .targets(List.of(service))
                // Tabs of one session stay on one task, so its recording is written by one writer (0008).
                .stickinessCookieDuration(Duration.days(1))
                .build();
        loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .port(NetworkStack.LOAD_BALANCER_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .open(false)
                .defaultTargetGroups(List.of(targets))
                .build());
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public FargateService service() {
        return service;
    }

    private ISecurityGroup immutable(String id, ISecurityGroup group) {
        return SecurityGroup.fromSecurityGroupId(this, id, group.getSecurityGroupId(),
                SecurityGroupImportOptions.builder().mutable(false).allowAllOutbound(true).build());
    }
}
