package dev.breakfix.cdk.workflow;

import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.aws.ec2.InstanceTypes;
import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.TestApps;
import dev.breakfix.cdk.images.ImagesStack;
import dev.breakfix.scenario.ScenarioFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The session workflow as the app builds it from statemachines/session.asl.json. */
class WorkflowStackTest {
    private static final String STACK = BreakfixApp.WORKFLOW_STACK;

    private static JsonNode template;
    private static SessionDefinition definition;
    private static JsonNode machine;
    private static List<JsonNode> machineStatements;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().workflow());
        definition = SessionDefinition.read(dev.breakfix.cdk.RepositoryRoot.findFrom(Path.of("")).sessionStateMachine());
        machine = resourceAt(template, STACK + "/Session").getValue().path("Properties");
        machineStatements = new ArrayList<>();
        resourceAt(template, STACK + "/Session/Role/DefaultPolicy").getValue().path("Properties")
                .path("PolicyDocument").path("Statement").forEach(machineStatements::add);
    }

    static Stream<WorkflowTasks.Task> referencedTasks() {
        SessionDefinition file = SessionDefinition.read(dev.breakfix.cdk.RepositoryRoot.findFrom(Path.of(""))
                .sessionStateMachine());
        return WorkflowTasks.ALL.stream().filter(task -> file.placeholders().contains(task.placeholder()));
    }

    @Test
    void definition_shouldHaveEveryPlaceholderSubstituted_andNoOther() {
        // given the file's ${...} placeholders and the substitutions given to Step Functions
        Set<String> placeholders = definition.placeholders();
        Map<String, String> values = new HashMap<>();
        machine.path("DefinitionSubstitutions").properties().forEach(entry -> values.put(entry.getKey(),
                entry.getValue().isTextual() ? entry.getValue().asText() : "<" + entry.getValue() + ">"));

        // then each placeholder has a value, and substituting leaves none behind
        assertThat(placeholders).isNotEmpty();
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(placeholders);
        assertThat(values.values()).allSatisfy(value -> assertThat(value).isNotBlank());
        String substituted = SessionDefinition.substitute(definition.text(), values);
        assertThat(SessionDefinition.placeholdersIn(substituted)).isEmpty();
        assertThat(substituted).doesNotContain("${");
    }

    @Test
    void definition_shouldBeTheFileOnDisk_asAnAsset() {
        assertThat(machine.has("DefinitionS3Location")).isTrue();
        assertThat(machine.path("StateMachineType").asText()).isEqualTo("STANDARD");
        assertThat(machine.path("StateMachineName").asText()).isEqualTo(STACK + "-session");
    }

    @Test
    void executions_shouldLogEveryEventWithoutData_andBeTraced() {
        JsonNode logging = machine.path("LoggingConfiguration");

        assertThat(logging.path("Level").asText()).isEqualTo("ALL");
        assertThat(logging.path("IncludeExecutionData").asBoolean(true)).isFalse();
        assertThat(machine.path("TracingConfiguration").path("Enabled").asBoolean()).isTrue();
    }

    @Test
    void stateMachineRole_shouldGetExactlyTheDynamoDbActionsTheFileCalls_onItsTables() {
        // given the DynamoDB integrations of the file, by table placeholder
        Map<String, Set<String>> expected = new HashMap<>();
        for (SessionDefinition.Task task : definition.tasks()) {
            if (task.resource().startsWith("arn:aws:states:::dynamodb:")) {
                String op = task.resource().substring("arn:aws:states:::dynamodb:".length());
                expected.computeIfAbsent(task.placeholderIn("TableName").orElseThrow(), t -> new TreeSet<>())
                        .add("dynamodb:" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
            }
        }

        // then the role's DynamoDB statements grant those and nothing else, table by table
        Map<String, Set<String>> granted = new HashMap<>();
        for (JsonNode statement : machineStatements) {
            Set<String> actions = actions(statement);
            if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                String resource = statement.path("Resource").toString();
                String table = expected.keySet().stream()
                        .filter(placeholder -> resource.contains(placeholder.replace("Table", "")))
                        .findFirst().orElseThrow(() -> new AssertionError("unexpected table " + resource));
                granted.computeIfAbsent(table, t -> new TreeSet<>()).addAll(actions);
            }
        }
        assertThat(granted).isEqualTo(expected);
    }

    @Test
    void stateMachineRole_shouldInvokeOnlyTheTaskAliases() {
        Set<String> invoked = new TreeSet<>();
        machineStatements.stream().filter(s -> actions(s).contains("lambda:InvokeFunction"))
                .forEach(s -> s.path("Resource").forEach(r -> invoked.add(r.path("Ref").asText())));

        Set<String> aliases = referencedTasks()
                .map(task -> resourceAt(template, STACK + "/" + task.name() + "/Alias").getKey())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(invoked).isEqualTo(aliases);
    }

    @Test
    void runInstances_shouldOnlyLaunchFromTheScenarioTemplate_withAllowedTypes_imdsV2_noProfile_andRequiredTags() {
        JsonNode instance = statement("LaunchScenarioServersOnly");
        JsonNode condition = instance.path("Condition");
        String launchTemplate = "ScenarioServer";

        assertThat(instance.path("Resource").asText()).endsWith(":instance/*");
        assertThat(strings(condition.path("StringEquals").path("ec2:InstanceType")))
                .containsExactlyElementsOf(InstanceTypes.ALLOWED);
        assertThat(condition.path("StringEquals").path("ec2:LaunchTemplate").toString()).contains(launchTemplate);
        assertThat(condition.path("StringEquals").path("ec2:MetadataHttpTokens").asText()).isEqualTo("required");
        assertThat(condition.path("NumericLessThanEquals").path("ec2:MetadataHttpPutResponseHopLimit").asText())
                .isEqualTo("1");
        assertThat(condition.path("Null").path("ec2:InstanceProfile").asText()).isEqualTo("true");
        assertThat(condition.path("StringEquals").path("aws:RequestTag/breakfix:managed").asText()).isEqualTo("true");
        for (String tag : List.of("breakfix:session", "breakfix:scenario", "breakfix:deadline")) {
            assertThat(condition.path("Null").path("aws:RequestTag/" + tag).asText()).as(tag).isEqualTo("false");
        }
        assertThat(strings(condition.path("ForAllValues:StringEquals").path("aws:TagKeys")))
                .containsExactlyInAnyOrderElementsOf(ServerPermissions.LAUNCH_TAG_KEYS);
    }

    @Test
    void runInstances_shouldOnlyUseTheScenarioSubnetsSecurityGroupAndImages_andEncryptedVolumes() {
        JsonNode networkTemplate = TestApps.shared().template(TestApps.shared().stacks().network());
        List<String> serverSubnets = new ArrayList<>();
        TestApps.resources(networkTemplate, "AWS::EC2::Subnet").forEach((id, subnet) -> {
            if (id.contains("Servers")) {
                serverSubnets.add(id);
            }
        });

        JsonNode interfaces = statement("OnlyInScenarioSubnetsWithoutPublicAddress");
        assertThat(interfaces.path("Condition").path("StringEquals").path("ec2:Subnet")).hasSize(serverSubnets.size());
        serverSubnets.forEach(subnet -> assertThat(interfaces.path("Condition").toString()).contains(subnet));
        assertThat(interfaces.path("Condition").path("BoolIfExists").path("ec2:AssociatePublicIpAddress").asText())
                .isEqualTo("false");

        JsonNode network = statement("OnlyScenarioNetworkAndTemplate");
        assertThat(network.path("Resource")).hasSize(serverSubnets.size() + 2);
        assertThat(network.path("Resource").toString()).contains(":security-group/").contains("Servers")
                .contains(":launch-template/").doesNotContain("Platform").doesNotContain("Public");

        assertThat(statement("OnlyEncryptedTaggedVolumes").path("Condition").path("Bool").path("ec2:Encrypted").asText())
                .isEqualTo("true");
        JsonNode images = statement("OnlyScenarioImages").path("Condition").path("StringEquals");
        assertThat(images.path("aws:ResourceTag/" + ImagesStack.IMAGE_TAG).asText()).isEqualTo(ImagesStack.IMAGE_TAG_VALUE);
        assertThat(images.path("ec2:Owner").asText()).isEqualTo(TestApps.ENVIRONMENT.getAccount());
    }

    @Test
    void createTags_shouldOnlyBeAllowedWhileLaunching() {
        JsonNode tagging = statement("TagOnlyWhileLaunching");

        assertThat(actions(tagging)).containsExactly("ec2:CreateTags");
        assertThat(tagging.path("Condition").path("StringEquals").path("ec2:CreateAction").asText())
                .isEqualTo("RunInstances");
    }

    @Test
    void terminate_shouldOnlyTouchManagedServers_andDescribeIsTheOnlyUnscopedCall() {
        JsonNode terminate = statement("TerminateManagedServersOnly");
        assertThat(actions(terminate)).containsExactly("ec2:TerminateInstances");
        assertThat(terminate.path("Condition").path("StringEquals").path("aws:ResourceTag/breakfix:managed").asText())
                .isEqualTo("true");

        JsonNode describe = statement("DescribeInstances");
        assertThat(actions(describe)).containsExactly("ec2:DescribeInstances");
        assertThat(describe.path("Resource").asText()).isEqualTo("*");
    }

    @Test
    void launchTemplate_shouldRequireImdsV2_terminateOnShutdown_andHaveNoProfileKeyOrPublicAddress() {
        JsonNode data = template.path("Resources").path("ScenarioServer").path("Properties").path("LaunchTemplateData");

        assertThat(data.path("MetadataOptions").path("HttpTokens").asText()).isEqualTo("required");
        assertThat(data.path("MetadataOptions").path("HttpPutResponseHopLimit").asInt()).isEqualTo(1);
        assertThat(data.path("InstanceInitiatedShutdownBehavior").asText()).isEqualTo("terminate");
        assertThat(data.path("CreditSpecification").path("CpuCredits").asText()).isEqualTo("standard");
        JsonNode root = data.path("BlockDeviceMappings").get(0);
        assertThat(root.path("DeviceName").asText()).isEqualTo(ImagesStack.ROOT_DEVICE);
        assertThat(root.path("Ebs").path("VolumeType").asText()).isEqualTo("gp3");
        assertThat(root.path("Ebs").path("Encrypted").asBoolean()).isTrue();
        assertThat(data.has("IamInstanceProfile")).isFalse();
        assertThat(data.has("KeyName")).isFalse();
        assertThat(data.has("NetworkInterfaces")).isFalse();
        assertThat(data.has("TagSpecifications")).as("the launch request sets every tag").isFalse();
        assertThat(resources(template, "AWS::IAM::InstanceProfile")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referencedTasks")
    void taskFunction_shouldHaveItsHandler_andTheEnvironmentOfItsNeeds(WorkflowTasks.Task task) {
        JsonNode properties = resourceAt(template, STACK + "/" + task.name() + "/Function").getValue().path("Properties");
        JsonNode variables = properties.path("Environment").path("Variables");

        assertThat(properties.path("Handler").asText()).isEqualTo(task.handlerName());
        assertThat(properties.path("Runtime").asText()).isEqualTo("java17");
        assertThat(properties.path("Architectures").get(0).asText()).isEqualTo("arm64");
        Map<WorkflowTasks.Needs, List<String>> variablesByNeed = Map.of(
                WorkflowTasks.Needs.SESSIONS, List.of("SESSIONS_TABLE"),
                WorkflowTasks.Needs.LAUNCH_SETTINGS, List.of("LAUNCH_TEMPLATE_ID", "LAUNCH_TEMPLATE_VERSION",
                        "SERVER_SUBNET_IDS", "SERVER_SECURITY_GROUP_IDS", "SCENARIO_IMAGES"),
                WorkflowTasks.Needs.RECORDINGS, List.of("RECORDINGS_BUCKET"),
                WorkflowTasks.Needs.WORKFLOW_CALLBACK, List.of("SESSION_STATE_MACHINE_ARN"),
                WorkflowTasks.Needs.MASTER_SECRET, List.of("MASTER_SECRET_ARN"));
        variablesByNeed.forEach((need, names) -> names.forEach(name ->
                assertThat(variables.has(name)).as(task.name() + " " + name).isEqualTo(task.needs().contains(need))));
        assertThat(properties.has("VpcConfig")).as(task.name() + " in the VPC")
                .isEqualTo(task.needs().contains(WorkflowTasks.Needs.SERVER_NETWORK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referencedTasks")
    void taskFunction_shouldBeAllowedToReadTheMasterSecret_exactlyWhenItNeedsIt(WorkflowTasks.Task task) {
        TestApps.Synthesized app = TestApps.shared();
        String secret = resourceAt(app.template(app.stacks().stateful()), BreakfixApp.STATEFUL_STACK + "/MasterSecret")
                .getKey();
        List<JsonNode> statements = new ArrayList<>();
        resources(template, "AWS::IAM::Policy").values().stream()
                .filter(policy -> policy.path("Properties").path("Roles").toString()
                        .contains(resourceAt(template, STACK + "/" + task.name() + "/Role").getKey()))
                .forEach(policy -> policy.path("Properties").path("PolicyDocument").path("Statement")
                        .forEach(statements::add));

        boolean reads = statements.stream().anyMatch(statement ->
                statement.path("Action").toString().contains("secretsmanager:GetSecretValue")
                        && statement.path("Resource").toString().contains("ExportsOutputRef" + secret));
        assertThat(reads).as(task.name() + " may call GetSecretValue on the master secret")
                .isEqualTo(task.needs().contains(WorkflowTasks.Needs.MASTER_SECRET));
    }

    @Test
    void prepareLaunch_shouldNameEveryScenarioImageByItsParameter_andGetNoEc2Permission() throws IOException {
        JsonNode properties = resourceAt(template, STACK + "/PrepareLaunch/Function").getValue().path("Properties");
        JsonNode images = TestApps.JSON.readTree(properties.path("Environment").path("Variables")
                .path("SCENARIO_IMAGES").asText());
        Set<String> scenarios = ScenarioFolders.load(dev.breakfix.cdk.RepositoryRoot.findFrom(Path.of(""))
                .scenarioFolder()).all().stream().map(s -> s.id()).collect(Collectors.toSet());

        assertThat(TestApps.JSON.convertValue(images, Map.class).keySet()).isEqualTo(scenarios);
        scenarios.forEach(id -> assertThat(images.path(id).asText())
                .isEqualTo("resolve:ssm:" + ImagesStack.imageParameter(id)));
        String policy = resourceAt(template, STACK + "/PrepareLaunch/Role/DefaultPolicy").getValue().toString();
        assertThat(policy).doesNotContain("ec2:");
        assertThat(properties.path("Environment").path("Variables").toString().length())
                .as("Lambda takes 4 KB of environment").isLessThan(3500);
    }

    @Test
    void storeWaitToken_shouldResumeOnlyItsOwnStateMachine() {
        JsonNode variables = resourceAt(template, STACK + "/StoreWaitToken/Function").getValue().path("Properties")
                .path("Environment").path("Variables");
        String arn = variables.path("SESSION_STATE_MACHINE_ARN").asText();
        String policy = resourceAt(template, STACK + "/StoreWaitToken/Role/DefaultPolicy").getValue().toString();

        assertThat(arn).endsWith(":stateMachine:" + STACK + "-session");
        assertThat(policy).contains("states:SendTaskSuccess").contains(arn).doesNotContain("states:StartExecution");
    }

    @Test
    void serversNotTerminated_shouldBeCountedFromTheExecutionLogs_byItsStateName() {
        JsonNode filter = resources(template, "AWS::Logs::MetricFilter").values().iterator().next().path("Properties");

        assertThat(definition.stateNames()).contains(WorkflowStack.SERVER_NOT_TERMINATED_STATE);
        assertThat(filter.path("FilterPattern").asText()).contains(WorkflowStack.SERVER_NOT_TERMINATED_STATE)
                .contains("PassStateEntered");
        assertThat(filter.path("MetricTransformations").get(0).path("MetricName").asText())
                .isEqualTo(WorkflowStack.SERVERS_NOT_TERMINATED_METRIC);
    }

    @Test
    void reaper_shouldRunEveryFewMinutes_andTerminateOnlyManagedServers() {
        JsonNode properties = resourceAt(template, STACK + "/Reaper/Function").getValue().path("Properties");
        JsonNode schedule = resources(template, "AWS::Scheduler::Schedule").values().iterator().next().path("Properties");
        String policy = resourceAt(template, STACK + "/Reaper/Role/DefaultPolicy").getValue().toString();
        String alias = resourceAt(template, STACK + "/Reaper/Alias").getKey();

        assertThat(properties.path("Handler").asText()).isEqualTo("dev.breakfix.reaper.ReaperHandler::handleRequest");
        assertThat(properties.path("Environment").path("Variables").toString()).contains("SESSIONS_TABLE")
                .contains("COUNTERS_TABLE").contains("REAPER_GRACE_MINUTES");
        assertThat(schedule.path("ScheduleExpression").asText())
                .isEqualTo("rate(" + WorkflowStack.REAPER_RATE_MINUTES + " minutes)");
        assertThat(schedule.path("Target").path("Arn").toString()).contains(alias);
        assertThat(policy).contains("ec2:TerminateInstances").contains("aws:ResourceTag/breakfix:managed")
                .contains("ec2:DescribeInstances").doesNotContain("ec2:RunInstances")
                .contains("/index/byInFlight");
    }

    @Test
    void constructor_shouldRefuse_whenTheFileUsesAnUnknownPlaceholder(@TempDir Path folder) throws IOException {
        // given a state machine file naming a function the app does not know
        Path file = folder.resolve("session.asl.json");
        Files.writeString(file, definition.text().replace("${AwaitSshFunction}", "${ProbeSshFunction}"));
        App app = TestApps.app();
        dev.breakfix.cdk.stateful.StatefulStack stateful = new dev.breakfix.cdk.stateful.StatefulStack(app, "S",
                StackProps.builder().env(TestApps.ENVIRONMENT).build(), dev.breakfix.aws.dynamodb.Tables.ALL,
                TestApps.LIFECYCLE);
        dev.breakfix.cdk.network.NetworkStack network = new dev.breakfix.cdk.network.NetworkStack(app, "N",
                StackProps.builder().env(TestApps.ENVIRONMENT).build(), dev.breakfix.cdk.Settings.defaults(
                        TestApps.ENVIRONMENT).network());

        // when the workflow stack is built from it, then it stops, naming the placeholder
        assertThatThrownBy(() -> new WorkflowStack(app, "W", new WorkflowStack.Props(
                StackProps.builder().env(TestApps.ENVIRONMENT).build(), SessionDefinition.read(file),
                TestApps.fakePackages(folder), stateful.data(),
                network.network(), Map.of(), 5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ProbeSshFunction");
    }

    private static JsonNode statement(String sid) {
        return machineStatements.stream().filter(s -> sid.equals(s.path("Sid").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + machineStatements));
    }

    private static Set<String> actions(JsonNode statement) {
        Set<String> actions = new LinkedHashSet<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
