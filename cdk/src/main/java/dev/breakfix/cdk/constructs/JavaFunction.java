package dev.breakfix.cdk.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The one shape every breakfix Lambda function has: Java 17 on arm64, SnapStart on published
 * versions, an alias over the current version (callers invoke the alias, never {@code $LATEST}, so
 * they get the snapshot), its own log group with a retention and a role that may write only there,
 * and the service name Powertools logs. Grants for tables, buckets and secrets are added by the caller.
 *
 * <p>No layers: in particular not the Parameters and Secrets extension, which authenticates its callers
 * with {@code AWS_SESSION_TOKEN}, a variable SnapStart functions do not get; functions read secrets with
 * the SDK client (docs/decisions/0018).
 */
public final class JavaFunction extends Construct {
    /** The alias every caller (API Gateway, Step Functions) invokes. */
    public static final String ALIAS_NAME = "live";
    public static final String SERVICE_NAME = "breakfix";

    /**
     * What differs between functions.
     *
     * @param handler {@code class::method}, as Lambda expects it
     * @param code the deployment package (one of the zips of {@code LambdaPackages})
     * @param environment variables added to the ones every function gets
     */
    public record Props(String handler, Code code, Map<String, String> environment, Duration timeout,
            int memoryMiB, RetentionDays logRetention, Optional<Placement> placement) {

        /** The defaults for a function behind the API: 1 GiB (also buys CPU for the JIT), 10 s. */
        public static Props api(String handler, Code code, Map<String, String> environment) {
            return new Props(handler, code, environment, Duration.seconds(10), 1024, RetentionDays.ONE_MONTH,
                    Optional.empty());
        }

        public Props withTimeout(Duration newTimeout) {
            return new Props(handler, code, environment, newTimeout, memoryMiB, logRetention, placement);
        }

        /** Inside the VPC (for functions that reach scenario servers), or not. */
        public Props withPlacement(Optional<Placement> newPlacement) {
            return new Props(handler, code, environment, timeout, memoryMiB, logRetention, newPlacement);
        }
    }

    /** Where an in-VPC function's network interfaces go, and the security groups they carry. */
    public record Placement(IVpc vpc, SubnetSelection subnets, List<ISecurityGroup> securityGroups) {
        public Placement {
            securityGroups = List.copyOf(securityGroups);
        }
    }

    private final Function function;
    private final Alias alias;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POWERTOOLS_SERVICE_NAME", SERVICE_NAME);
        environment.putAll(props.environment());

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Its own role: writing to its own log group, nothing else until a grant adds it (no
        // AWSLambdaBasicExecutionRole, which may create and write any log group).
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        logs.grantWrite(role);
        Function.Builder builder = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_17)
                .architecture(Architecture.ARM_64)
                .handler(props.handler())
                .code(props.code())
                .memorySize(props.memoryMiB())
                .timeout(props.timeout())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment)
                .logGroup(logs)
                .role(role);
        props.placement().ifPresent(placement -> builder
                .vpc(placement.vpc())
                .vpcSubnets(placement.subnets())
                .securityGroups(placement.securityGroups()));
        function = builder.build();
        if (props.placement().isPresent()) {
            Nag.acknowledge(role, "AwsSolutions-IAM4",
                    List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"),
                    "Lambda needs this AWS managed policy to create and remove the function's network interfaces in the VPC");
            Nag.acknowledge(role, "AwsSolutions-IAM5", List.of("Resource::*"),
                    "the EC2 network interface actions Lambda uses for VPC access support no resource-level permissions");
        }
        Nag.acknowledge(function, "AwsSolutions-L1",
                "Java 17 is the project's toolchain (pom.xml); the runtime is a deliberate choice, upgraded with the build");
        // The warning says SnapStart needs a published version; the alias below publishes one.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the function's current version is published and invoked through its alias");
        alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
    }

    public Function function() {
        return function;
    }

    /** What to integrate with and to grant invoke on: the alias over the SnapStart version. */
    public Alias alias() {
        return alias;
    }
}
