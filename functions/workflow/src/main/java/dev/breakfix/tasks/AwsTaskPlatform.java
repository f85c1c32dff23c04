package dev.breakfix.tasks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.aws.AwsClients;
import dev.breakfix.aws.Once;
import dev.breakfix.aws.dynamodb.DynamoDbSessions;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.aws.ec2.ScenarioImages;
import dev.breakfix.aws.s3.S3Recordings;
import dev.breakfix.aws.secretsmanager.SecretsManagerSecrets;
import dev.breakfix.aws.stepfunctions.StepFunctionsWorkflows;
import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import dev.breakfix.session.Sessions;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.workflow.Workflows;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tasks' dependencies inside Lambda, wired by hand from the environment the CDK app sets; each
 * piece is built on first use, so each task function only pays for what it touches.
 */
public final class AwsTaskPlatform implements TaskPlatform {
    private static final AwsTaskPlatform INSTANCE = new AwsTaskPlatform(System.getenv());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> environment;
    private final Supplier<ScenarioCatalog> catalog;
    private final Supplier<Sessions> sessions;
    private final Supplier<Ec2LaunchRequests.Settings> launchSettings;
    private final Supplier<Recordings> recordings;
    private final Supplier<Workflows> workflows;
    private final Supplier<MasterSecret> secret;
    /**
     * Built at first use by {@link #ssh()}, not through {@link Once}: a supplier of SshConnector (a method
     * reference or a lambda alike) names the class in its linked type, so building the platform would load
     * it and MINA SSHD, which only AwaitSsh's package carries (docs/decisions/0017).
     */
    private SshConnector ssh;

    AwsTaskPlatform(Map<String, String> environment) {
        this.environment = environment;
        this.catalog = Once.of(() -> ScenarioFolders.load(Path.of(required("LAMBDA_TASK_ROOT"), "scenarios")));
        this.sessions = Once.of(() -> new DynamoDbSessions(AwsClients.dynamoDb(),
                required(Tables.SESSIONS.environmentVariable())));
        this.launchSettings = Once.of(() -> new Ec2LaunchRequests.Settings(required("LAUNCH_TEMPLATE_ID"),
                environment.getOrDefault("LAUNCH_TEMPLATE_VERSION", "$Default"), list("SERVER_SUBNET_IDS"),
                list("SERVER_SECURITY_GROUP_IDS"), ScenarioImages.of(scenarioImages())));
        this.recordings = Once.of(() -> S3Recordings.builder().bucket(required("RECORDINGS_BUCKET")).build());
        this.workflows = Once.of(() -> StepFunctionsWorkflows.builder()
                .stateMachineArn(required("SESSION_STATE_MACHINE_ARN")).build());
        // A lambda: only the tasks that read the master secret link (and carry) the Secrets Manager client.
        this.secret = Once.of(() -> MasterSecret.fromBase64(
                SecretsManagerSecrets.builder().build().secretString(required("MASTER_SECRET_ARN"))));
    }

    public static AwsTaskPlatform instance() {
        return INSTANCE;
    }

    @Override
    public ScenarioCatalog catalog() {
        return catalog.get();
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Sessions sessions() {
        return sessions.get();
    }

    @Override
    public Ec2LaunchRequests.Settings launchSettings() {
        return launchSettings.get();
    }

    @Override
    public Recordings recordings() {
        return recordings.get();
    }

    @Override
    public Workflows workflows() {
        return workflows.get();
    }

    @Override
    public MasterSecret masterSecret() {
        return secret.get();
    }

    @Override
    public synchronized SshConnector ssh() {
        if (ssh == null) {
            ssh = new SshConnector();
        }
        return ssh;
    }

    /** {@code SCENARIO_IMAGES}: a JSON object from scenario id to AMI id, set by the CDK app from the image pipelines. */
    private Map<String, String> scenarioImages() {
        try {
            return JSON.readValue(required("SCENARIO_IMAGES"), new TypeReference<Map<String, String>>() {});
        } catch (Exception e) {
            throw new IllegalStateException("SCENARIO_IMAGES is not a JSON object of scenario id to AMI id", e);
        }
    }

    private List<String> list(String variable) {
        return Arrays.stream(required(variable).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private String required(String variable) {
        return Optional.ofNullable(environment.get(variable))
                .orElseThrow(() -> new IllegalStateException(variable + " is not set"));
    }
}
