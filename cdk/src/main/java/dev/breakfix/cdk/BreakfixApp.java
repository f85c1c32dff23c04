package dev.breakfix.cdk;

import dev.breakfix.api.ApiRoutes;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.cdk.api.ApiStack;
import dev.breakfix.cdk.constructs.BreakfixChecks;
import dev.breakfix.cdk.constructs.JavaFunction;
import dev.breakfix.cdk.edge.EdgeStack;
import dev.breakfix.cdk.gateway.GatewayStack;
import dev.breakfix.cdk.images.ImagesStack;
import dev.breakfix.cdk.network.NetworkStack;
import dev.breakfix.cdk.ops.OpsStack;
import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import dev.breakfix.cdk.stateful.StatefulStack;
import dev.breakfix.cdk.workflow.SessionDefinition;
import dev.breakfix.cdk.workflow.WorkflowStack;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The breakfix CDK app: stacks split by lifecycle — data (retained), network, scenario images, the
 * session workflow, the API, the terminal gateway, the edge and operations — wired in one place.
 * It synthesizes offline and without credentials: account and region come from the environment the
 * CDK CLI sets, or placeholders, and nothing is looked up.
 */
public final class BreakfixApp {
    public static final String PLACEHOLDER_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "eu-west-1";
    public static final String STATEFUL_STACK = "Breakfix-Stateful";
    public static final String NETWORK_STACK = "Breakfix-Network";
    public static final String IMAGES_STACK = "Breakfix-Images";
    public static final String WORKFLOW_STACK = "Breakfix-Workflow";
    public static final String API_STACK = "Breakfix-Api";
    public static final String GATEWAY_STACK = "Breakfix-Gateway";
    public static final String EDGE_STACK = "Breakfix-Edge";
    public static final String OPS_STACK = "Breakfix-Ops";

    /** The stacks of one app. */
    public record Stacks(StatefulStack stateful, NetworkStack network, ImagesStack images, WorkflowStack workflow,
            ApiStack api, GatewayStack gateway, EdgeStack edge, OpsStack ops) {
        public List<Stack> all() {
            return List.of(stateful, network, images, workflow, api, gateway, edge, ops);
        }
    }

    /**
     * What the app is built from: the deployment packages and the files the local runtime reads too.
     *
     * @param packages every Lambda package ({@link LambdaPackages.Package}: the zips {@code mvn package} builds)
     * @param stateMachine {@code statemachines/session.asl.json}
     * @param scenarioFolder {@code scenario-amis/}
     * @param website the built website ({@code frontend/dist})
     * @param openApi {@code docs/openapi.yaml}, published beside the website
     */
    public record Sources(Map<LambdaPackages.Package, Code> packages, Path stateMachine, Path scenarioFolder,
            Path website, Path openApi) {
        public Sources {
            packages = Map.copyOf(packages);
            for (LambdaPackages.Package pack : LambdaPackages.Package.values()) {
                if (!packages.containsKey(pack)) {
                    throw new IllegalArgumentException("no code for the Lambda package " + pack);
                }
            }
        }

        /** The checkout's own files, built packages and built website. */
        public static Sources of(RepositoryRoot root) {
            Map<LambdaPackages.Package, Code> packages = new EnumMap<>(LambdaPackages.Package.class);
            for (LambdaPackages.Package pack : LambdaPackages.Package.values()) {
                packages.put(pack, Code.fromAsset(root.lambdaPackage(pack).toString()));
            }
            return new Sources(packages, root.sessionStateMachine(), root.scenarioFolder(), root.website(),
                    root.openApiDocument());
        }
    }

    private BreakfixApp() {}

    public static void main(String[] args) {
        App app = new App();
        RepositoryRoot root = RepositoryRoot.findFrom(Path.of(""));
        Environment environment = environment(System.getenv());
        build(app, environment, Settings.from(app, environment), Sources.of(root));
        app.synth();
        List<String> findings = check(app);
        if (!findings.isEmpty()) {
            System.err.println("cdk-nag (AwsSolutions): " + findings.size() + " finding(s) not acknowledged:");
            findings.forEach(finding -> System.err.println("  " + finding));
            System.exit(1);
        }
    }

    /**
     * cdk-nag's AWS Solutions rules over the synthesized app: the findings not acknowledged with a
     * reason ({@code Nag.acknowledge}). {@link #main} fails {@code cdk synth} on any.
     */
    public static List<String> check(App app) {
        return BreakfixChecks.describe(new BreakfixChecks(app).check());
    }

    /** Adds breakfix's stacks to {@code app}: the one wiring of the whole platform. */
    public static Stacks build(App app, Environment environment, Settings settings, Sources sources) {
        Tags.of(app).add("project", "breakfix");
        StatefulStack stateful = new StatefulStack(app, STATEFUL_STACK, props(environment,
                "breakfix data: DynamoDB tables, S3 buckets, master secret, user pool, gateway images (retained)"),
                Tables.ALL, settings.recordings());
        StatefulStack.Data data = stateful.data();
        NetworkStack network = new NetworkStack(app, NETWORK_STACK, props(environment,
                "breakfix network: isolated scenario subnets, security groups, endpoints (no NAT)"), settings.network());
        ScenarioCatalog catalog = ScenarioFolders.load(sources.scenarioFolder());
        ImagesStack images = new ImagesStack(app, IMAGES_STACK, props(environment,
                "breakfix scenario images: EC2 Image Builder pipelines from scenario-amis/"),
                network.network(), sources.scenarioFolder(), catalog);
        WorkflowStack workflow = new WorkflowStack(app, WORKFLOW_STACK, new WorkflowStack.Props(
                props(environment, "breakfix session workflow: state machine, task functions, scenario launch template"),
                SessionDefinition.read(sources.stateMachine()), sources.packages(),
                data, network.network(),
                images.imageParameters(), settings.maxRunningServers()));
        ApiStack api = new ApiStack(app, API_STACK, new ApiStack.Props(
                props(environment, "breakfix REST API and its Lambda functions (stateless)"),
                ApiRoutes.ALL, sources.packages(), data, Optional.of(workflow.stateMachine()),
                Optional.of(new JavaFunction.Placement(network.network().vpc(), network.network().platform(),
                        List.of(network.network().checkerGroup()))),
                settings.maxRunningServers()));
        GatewayStack gateway = new GatewayStack(app, GATEWAY_STACK, props(environment,
                "breakfix terminal gateway: ECS Fargate behind an internal load balancer (stateless)"),
                data, network.network(), settings.gateway());
        EdgeStack edge = new EdgeStack(app, EDGE_STACK, props(environment,
                "breakfix entry: CloudFront for the website, /api and /term (stateless)"),
                new EdgeStack.Origins(data, api.api(), ApiStack.clientAddressPaths(ApiRoutes.ALL), gateway.loadBalancer()),
                new EdgeStack.Website(sources.website(), sources.openApi()));
        OpsStack ops = new OpsStack(app, OPS_STACK, props(environment,
                "breakfix operations: dashboard, alarms, monthly budget"),
                new OpsStack.Watched(workflow.stateMachine(), workflow.serversNotTerminated(), workflow.functions(),
                        workflow.reaper(),
                        api.api(), gateway.loadBalancer(), gateway.service()),
                settings.ops());
        return new Stacks(stateful, network, images, workflow, api, gateway, edge, ops);
    }

    /**
     * Where the stacks go. {@code BREAKFIX_ACCOUNT} and {@code BREAKFIX_REGION} win; otherwise the
     * account and region the CDK CLI found in the caller's AWS configuration. Without credentials the
     * CLI finds no account and sets {@code CDK_DEFAULT_REGION} to its own guess (us-east-1), so then
     * both fall back to placeholders and an offline synth is the same on every machine.
     */
    static Environment environment(Map<String, String> variables) {
        Optional<String> cliAccount = nonBlank(variables.get("CDK_DEFAULT_ACCOUNT"));
        String account = nonBlank(variables.get("BREAKFIX_ACCOUNT")).or(() -> cliAccount).orElse(PLACEHOLDER_ACCOUNT);
        String region = nonBlank(variables.get("BREAKFIX_REGION"))
                .or(() -> cliAccount.flatMap(known -> nonBlank(variables.get("CDK_DEFAULT_REGION"))))
                .orElse(DEFAULT_REGION);
        return Environment.builder().account(account).region(region).build();
    }

    /** The defaults of {@link RecordingsLifecycle}, overridden by CDK context ({@code -c key=days}). */
    static RecordingsLifecycle recordingsLifecycle(App app) {
        return Settings.from(app, environment(Map.of())).recordings();
    }

    private static StackProps props(Environment environment, String description) {
        return StackProps.builder().env(environment).description(description).build();
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
