package dev.breakfix.cdk.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.cdk.LambdaPackages;
import dev.breakfix.cdk.constructs.Grants;
import dev.breakfix.cdk.constructs.JavaFunction;
import dev.breakfix.cdk.constructs.Nag;
import dev.breakfix.cdk.network.NetworkStack;
import dev.breakfix.cdk.stateful.StatefulStack;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import dev.breakfix.reaper.ReaperHandler;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.ec2.CfnLaunchTemplate;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The session workflow: the state machine from {@code statemachines/session.asl.json} (loaded with
 * {@code DefinitionBody.fromFile}, every {@code ${...}} filled by a definition substitution), the task
 * functions it names ({@link WorkflowTasks}), and the scenario launch template.
 *
 * <p>Least privilege follows the file: the state machine's role gets, for each Task state, exactly the
 * action it calls on exactly the resource it names (a DynamoDB action on its table, invoke on its
 * function's alias, EC2 terminate on managed instances only); an integration this stack does not know
 * stops the synth. Each task function gets the grants of its {@link WorkflowTasks.Needs}.
 *
 * <p>Executions log every event (level ALL) to CloudWatch Logs without execution data: the console
 * keeps the full history with data for operators, while the logs, which more people can read, carry
 * no task tokens or inputs (docs/decisions/0011).
 */
public final class WorkflowStack extends Stack {
    /** The state operators are alarmed on: a server the workflow could not confirm as terminated. */
    public static final String SERVER_NOT_TERMINATED_STATE = "Note that the server would not terminate";
    public static final String METRIC_NAMESPACE = "breakfix";
    public static final String SERVERS_NOT_TERMINATED_METRIC = "ServersNotTerminated";
    public static final int REAPER_RATE_MINUTES = 5;
    public static final int REAPER_GRACE_MINUTES = 5;

    /**
     * What the workflow is built from.
     *
     * @param definition the state machine file
     * @param packages the Lambda packages; each task gets the one {@link LambdaPackages#forTask} picks, the
     *     reaper {@link LambdaPackages#forReaper}'s
     * @param imageParameters scenario id → the SSM parameter holding its newest AMI id
     * @param maxRunningServers the global cap on running servers ({@code ${MaxRunningServers}})
     */
    public record Props(StackProps stack, SessionDefinition definition, Map<LambdaPackages.Package, Code> packages,
            StatefulStack.Data data,
            NetworkStack.Network network, Map<String, String> imageParameters, int maxRunningServers) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateMachine stateMachine;
    private final CfnLaunchTemplate launchTemplate;
    private final Map<String, JavaFunction> functions = new LinkedHashMap<>();
    private final Map<String, String> substitutions;
    private final Metric serversNotTerminated;
    private final JavaFunction reaper;

    public WorkflowStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        NetworkStack.Network network = props.network();
        launchTemplate = scenarioLaunchTemplate();
        List<String> serverSubnets = network.vpc().selectSubnets(network.servers()).getSubnetIds();
        String stateMachineName = getStackName() + "-session";
        // Built from the name rather than read from the state machine: the StoreWaitToken task resumes
        // executions of the machine that invokes it, which would otherwise be a circular reference.
        String stateMachineArn = Arn.format(ArnComponents.builder()
                .service("states").resource("stateMachine").resourceName(stateMachineName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build(), this);

        Map<String, String> available = new TreeMap<>();
        props.data().tables().forEach((spec, table) -> available.put(tablePlaceholder(spec), table.getTableName()));
        available.put("MaxRunningServers", Integer.toString(props.maxRunningServers()));
        // Offered for a state machine that names launch settings itself (today PrepareLaunch builds the
        // whole RunInstances request from its environment).
        available.put("LaunchTemplateId", launchTemplate.getRef());
        available.put("ServerSecurityGroupId", network.serversGroup().getSecurityGroupId());
        available.put("ServerSubnetIds", String.join(",", serverSubnets));
        available.put("ScenarioImageParameterPrefix", dev.breakfix.cdk.images.ImagesStack.IMAGE_PARAMETER_PREFIX);

        Set<String> missing = new TreeSet<>();
        for (String placeholder : props.definition().placeholders()) {
            if (available.containsKey(placeholder)) {
                continue;
            }
            Optional<WorkflowTasks.Task> task = WorkflowTasks.byPlaceholder(placeholder);
            if (task.isEmpty()) {
                missing.add(placeholder);
                continue;
            }
            JavaFunction function = taskFunction(task.get(), props, serverSubnets, stateMachineArn);
            functions.put(task.get().name(), function);
            available.put(placeholder, function.alias().getFunctionArn());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(props.definition().file() + " uses placeholders the CDK app does not fill: "
                    + missing + ". Known: " + available.keySet() + " and the tasks of WorkflowTasks.ALL.");
        }
        if (!props.definition().stateNames().contains(SERVER_NOT_TERMINATED_STATE)) {
            throw new IllegalStateException(props.definition().file() + " has no state '" + SERVER_NOT_TERMINATED_STATE
                    + "', which the operators' alarm counts; keep the name or change WorkflowStack with it");
        }
        Map<String, String> used = new TreeMap<>();
        props.definition().placeholders().forEach(name -> used.put(name, available.get(name)));
        substitutions = java.util.Collections.unmodifiableMap(used);

        LogGroup logs = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName("/aws/vendedlogs/states/" + stateMachineName)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        stateMachine = StateMachine.Builder.create(this, "Session")
                .stateMachineName(stateMachineName)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(props.definition().file().toString()))
                .definitionSubstitutions(substitutions)
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .comment("one breakfix session per execution; execution name = session id")
                .build();
        grantWhatTheDefinitionCalls(props.definition(), stateMachine, props.data(), network, serverSubnets);

        MetricFilter notTerminated = MetricFilter.Builder.create(this, "ServersNotTerminatedFilter")
                .logGroup(logs)
                .filterPattern(FilterPattern.all(
                        FilterPattern.stringValue("$.type", "=", "PassStateEntered"),
                        FilterPattern.stringValue("$.details.name", "=", SERVER_NOT_TERMINATED_STATE)))
                .metricNamespace(METRIC_NAMESPACE)
                .metricName(SERVERS_NOT_TERMINATED_METRIC)
                .metricValue("1")
                .defaultValue(0)
                .build();
        serversNotTerminated = notTerminated.metric();
        reaper = reaper(props, network);
    }

    /**
     * The net behind the state machine ({@code functions/reaper}): every {@value #REAPER_RATE_MINUTES}
     * minutes, EventBridge Scheduler runs it; it terminates managed servers past their deadline plus a
     * grace period and closes sessions stuck in a non-final state. It may query in-flight sessions,
     * update sessions and counters, describe instances and terminate only managed ones.
     */
    private JavaFunction reaper(Props props, NetworkStack.Network network) {
        StatefulStack.Data data = props.data();
        TableSpec sessions = dev.breakfix.aws.dynamodb.Tables.SESSIONS;
        TableSpec counters = dev.breakfix.aws.dynamodb.Tables.COUNTERS;
        JavaFunction function = new JavaFunction(this, LambdaPackages.REAPER_FUNCTION, JavaFunction.Props.api(
                        ReaperHandler.class.getName() + "::handleRequest", props.packages().get(LambdaPackages.forReaper()), Map.of(
                                sessions.environmentVariable(), data.tables().get(sessions).getTableName(),
                                counters.environmentVariable(), data.tables().get(counters).getTableName(),
                                "REAPER_GRACE_MINUTES", Integer.toString(REAPER_GRACE_MINUTES)))
                .withTimeout(Duration.minutes(2)));
        Grants.table(function.function().getRole(), sessions, data.tables().get(sessions), true);
        Grants.table(function.function().getRole(), counters, data.tables().get(counters), true);
        List<PolicyStatement> ec2 = List.of(ServerPermissions.terminate(this), ServerPermissions.describe());
        ec2.forEach(function.function()::addToRolePolicy);
        Nag.acknowledgeWildcardResources(function, ec2,
                "the reaper finds servers by their breakfix:managed tag (DescribeInstances has no resource-level form) "
                        + "and may terminate only instances carrying it");
        Schedule.Builder.create(this, "ReaperSchedule")
                .description("runs the breakfix reaper: servers past their deadline, sessions stuck before their end")
                .schedule(ScheduleExpression.rate(Duration.minutes(REAPER_RATE_MINUTES)))
                .target(LambdaInvoke.Builder.create(function.alias())
                        .retryAttempts(0)
                        .build())
                .build();
        return function;
    }

    /** The reaper function, scheduled every {@value #REAPER_RATE_MINUTES} minutes. */
    public JavaFunction reaper() {
        return reaper;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public CfnLaunchTemplate launchTemplate() {
        return launchTemplate;
    }

    /** The task functions by task name (only those the state machine file names). */
    public Map<String, JavaFunction> functions() {
        return java.util.Collections.unmodifiableMap(functions);
    }

    /** The definition substitutions given to Step Functions: exactly the file's placeholders. */
    public Map<String, String> substitutions() {
        return substitutions;
    }

    /** Count of executions that gave up terminating a server (the reaper is the net behind it). */
    public Metric serversNotTerminated() {
        return serversNotTerminated;
    }

    /** {@code Sessions} → {@code SessionsTable}: the table placeholders of the state machine file. */
    public static String tablePlaceholder(TableSpec spec) {
        return spec.id() + "Table";
    }

    /**
     * The template every scenario server is launched from (the launch call adds the image, type,
     * subnet, security group, tags, user data and the spot market): IMDSv2 only with a hop limit of 1,
     * no instance profile, no key pair, shutdown from inside terminates, an encrypted gp3 root volume,
     * CPU credits in standard mode (a busy server slows down instead of running up a bill).
     */
    private CfnLaunchTemplate scenarioLaunchTemplate() {
        // L1 on purpose: the L2 construct copies the stack's tags (and a Name) onto every instance and
        // volume it launches, which the launch permission's tag-key condition would refuse.
        return CfnLaunchTemplate.Builder.create(this, "ScenarioServer")
                .launchTemplateData(CfnLaunchTemplate.LaunchTemplateDataProperty.builder()
                        .metadataOptions(CfnLaunchTemplate.MetadataOptionsProperty.builder()
                                .httpTokens("required")
                                .httpPutResponseHopLimit(1)
                                .httpEndpoint("enabled")
                                .instanceMetadataTags("disabled")
                                .build())
                        .instanceInitiatedShutdownBehavior("terminate")
                        .creditSpecification(CfnLaunchTemplate.CreditSpecificationProperty.builder()
                                .cpuCredits("standard")
                                .build())
                        .blockDeviceMappings(List.of(CfnLaunchTemplate.BlockDeviceMappingProperty.builder()
                                .deviceName(dev.breakfix.cdk.images.ImagesStack.ROOT_DEVICE)
                                .ebs(CfnLaunchTemplate.EbsProperty.builder()
                                        .volumeType("gp3")
                                        .volumeSize(dev.breakfix.cdk.images.ImagesStack.ROOT_VOLUME_GIB)
                                        .encrypted(true)
                                        .deleteOnTermination(true)
                                        .build())
                                .build()))
                        .build())
                .build();
    }

    private JavaFunction taskFunction(WorkflowTasks.Task task, Props props, List<String> serverSubnets,
            String stateMachineArn) {
        StatefulStack.Data data = props.data();
        Set<WorkflowTasks.Needs> needs = task.needs();
        Map<String, String> environment = new LinkedHashMap<>();
        if (needs.contains(WorkflowTasks.Needs.SESSIONS)) {
            TableSpec sessions = dev.breakfix.aws.dynamodb.Tables.SESSIONS;
            environment.put(sessions.environmentVariable(), data.tables().get(sessions).getTableName());
        }
        if (needs.contains(WorkflowTasks.Needs.LAUNCH_SETTINGS)) {
            environment.put("LAUNCH_TEMPLATE_ID", launchTemplate.getRef());
            environment.put("LAUNCH_TEMPLATE_VERSION", launchTemplate.getAttrLatestVersionNumber());
            environment.put("SERVER_SUBNET_IDS", String.join(",", serverSubnets));
            environment.put("SERVER_SECURITY_GROUP_IDS", props.network().serversGroup().getSecurityGroupId());
            environment.put("SCENARIO_IMAGES", scenarioImages(props.imageParameters()));
        }
        if (needs.contains(WorkflowTasks.Needs.RECORDINGS)) {
            environment.put("RECORDINGS_BUCKET", data.recordings().getBucketName());
        }
        if (needs.contains(WorkflowTasks.Needs.WORKFLOW_CALLBACK)) {
            environment.put("SESSION_STATE_MACHINE_ARN", stateMachineArn);
        }
        if (needs.contains(WorkflowTasks.Needs.MASTER_SECRET)) {
            environment.put("MASTER_SECRET_ARN", data.masterSecret().getSecretArn());
        }
        Optional<JavaFunction.Placement> placement = needs.contains(WorkflowTasks.Needs.SERVER_NETWORK)
                ? Optional.of(new JavaFunction.Placement(props.network().vpc(), props.network().platform(),
                        List.of(props.network().checkerGroup())))
                : Optional.empty();
        JavaFunction function = new JavaFunction(this, task.name(),
                JavaFunction.Props.api(task.handlerName(), props.packages().get(LambdaPackages.forTask(task)), environment)
                        .withTimeout(task.timeout())
                        .withPlacement(placement));

        IGrantable lambda = function.function();
        if (needs.contains(WorkflowTasks.Needs.SESSIONS)) {
            Grants.table(function.function().getRole(), dev.breakfix.aws.dynamodb.Tables.SESSIONS,
                    data.tables().get(dev.breakfix.aws.dynamodb.Tables.SESSIONS), true);
        }
        if (needs.contains(WorkflowTasks.Needs.RECORDINGS)) {
            Grants.objects(function, "RecordingsAccess", function.function().getRole(), data.recordings(),
                    List.of(Grants.Objects.READ, Grants.Objects.WRITE, Grants.Objects.DELETE));
        }
        if (needs.contains(WorkflowTasks.Needs.WORKFLOW_CALLBACK)) {
            function.function().addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("ResumeOwnExecutions")
                    .effect(Effect.ALLOW)
                    .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))
                    .resources(List.of(stateMachineArn))
                    .build());
        }
        if (needs.contains(WorkflowTasks.Needs.MASTER_SECRET)) {
            data.masterSecret().grantRead(lambda);
        }
        return function;
    }

    /**
     * {@code SCENARIO_IMAGES}: scenario id → {@code resolve:ssm:<parameter>}, which RunInstances resolves to
     * the newest AMI id at launch time.
     */
    static String scenarioImages(Map<String, String> imageParameters) {
        Map<String, String> images = new TreeMap<>();
        imageParameters.forEach((scenario, parameter) -> images.put(scenario, "resolve:ssm:" + parameter));
        try {
            return JSON.writeValueAsString(images);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One grant per service integration the file uses; anything unknown stops the synth. */
    private void grantWhatTheDefinitionCalls(SessionDefinition definition, StateMachine machine,
            StatefulStack.Data data, NetworkStack.Network network, List<String> serverSubnets) {
        Map<String, ITableV2> tablesByPlaceholder = new LinkedHashMap<>();
        data.tables().forEach((spec, table) -> tablesByPlaceholder.put(tablePlaceholder(spec), table));
        Map<String, Set<String>> dynamoActions = new LinkedHashMap<>();
        Set<String> ec2Actions = new LinkedHashSet<>();
        for (SessionDefinition.Task task : definition.tasks()) {
            String resource = task.resource();
            if (resource.startsWith("arn:aws:states:::dynamodb:")) {
                String action = "dynamodb:" + capitalized(resource.substring("arn:aws:states:::dynamodb:".length()));
                String table = task.placeholderIn("TableName").filter(tablesByPlaceholder::containsKey)
                        .orElseThrow(() -> new IllegalStateException("state '" + task.state()
                                + "' must name its table with one of " + tablesByPlaceholder.keySet()));
                dynamoActions.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(action);
            } else if (resource.equals("arn:aws:states:::lambda:invoke")
                    || resource.equals("arn:aws:states:::lambda:invoke.waitForTaskToken")) {
                String placeholder = task.placeholderIn("FunctionName").orElseThrow(() -> new IllegalStateException(
                        "state '" + task.state() + "' must name its function with a ${...Function} placeholder"));
                WorkflowTasks.Task known = WorkflowTasks.byPlaceholder(placeholder).orElseThrow();
                functions.get(known.name()).alias().grantInvoke(machine);
            } else if (resource.startsWith("arn:aws:states:::aws-sdk:ec2:")) {
                ec2Actions.add(resource.substring("arn:aws:states:::aws-sdk:ec2:".length()));
            } else {
                throw new IllegalStateException("state '" + task.state() + "' calls " + resource
                        + ", which WorkflowStack does not know how to grant; add it there");
            }
        }
        dynamoActions.forEach((placeholder, actions) -> machine.addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.copyOf(actions))
                .resources(List.of(tablesByPlaceholder.get(placeholder).getTableArn()))
                .build()));
        List<PolicyStatement> ec2Statements = new java.util.ArrayList<>();
        for (String action : ec2Actions) {
            switch (action) {
                case "terminateInstances" -> ec2Statements.add(ServerPermissions.terminate(this));
                case "describeInstances" -> ec2Statements.add(ServerPermissions.describe());
                case "runInstances" -> ec2Statements.addAll(ServerPermissions.launch(this,
                        launchTemplate.getRef(), serverSubnets,
                        network.serversGroup().getSecurityGroupId()));
                case "createTags" -> { /* only as part of runInstances: covered by ServerPermissions.launch */ }
                default -> throw new IllegalStateException("the state machine calls ec2:" + action
                        + ", which WorkflowStack does not know how to grant; add it to ServerPermissions");
            }
        }
        ec2Statements.forEach(machine::addToRolePolicy);
        Nag.acknowledgeWildcardResources(machine, ec2Statements,
                "EC2 names instances, volumes, interfaces, spot requests and images only when it creates them: each "
                        + "wildcard is bound by conditions (launch template, subnets, instance types, IMDSv2, no profile, "
                        + "required tags; terminate only breakfix:managed=true); DescribeInstances, and the log delivery and X-Ray calls "
                        + "aws-cdk-lib adds for execution logging and tracing, have no resource-level form");
    }

    private static String capitalized(String action) {
        return Character.toUpperCase(action.charAt(0)) + action.substring(1);
    }
}
