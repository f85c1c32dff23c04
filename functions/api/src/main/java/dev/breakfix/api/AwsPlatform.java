package dev.breakfix.api;

import dev.breakfix.aws.AwsClients;
import dev.breakfix.aws.Once;
import dev.breakfix.aws.dynamodb.DynamoDbActiveSessions;
import dev.breakfix.aws.dynamodb.DynamoDbRoutes;
import dev.breakfix.aws.dynamodb.DynamoDbServerSlots;
import dev.breakfix.aws.dynamodb.DynamoDbSessions;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.aws.s3.S3RecordingLinks;
import dev.breakfix.aws.s3.S3Recordings;
import dev.breakfix.aws.secretsmanager.SecretsManagerSecrets;
import dev.breakfix.aws.stepfunctions.StepFunctionsWorkflows;
import dev.breakfix.api.auth.IdentityEnvironment;
import dev.breakfix.api.auth.OidcAccessTokens;
import dev.breakfix.api.auth.SignInSettings;
import dev.breakfix.aws.dynamodb.DynamoDbPartnerKeys;
import dev.breakfix.aws.dynamodb.DynamoDbWindowCounters;
import dev.breakfix.identity.AnonymousTokenLimit;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.identity.CachingPartnerKeys;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UserTokens;
import dev.breakfix.identity.WindowCounters;
import dev.breakfix.recording.RecordingLinks;
import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.server.Routes;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.session.ActiveSessions;
import dev.breakfix.ssh.CheckRunner;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshScenarioChecks;
import dev.breakfix.session.ServerSlots;
import dev.breakfix.session.Sessions;
import dev.breakfix.terminal.TerminalTickets;
import dev.breakfix.workflow.Workflows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The handlers' dependencies inside Lambda, wired by hand from the environment the CDK app sets.
 * Built once per execution environment (and captured by SnapStart); each piece is made on first use,
 * so a function only pays for the clients it touches.
 */
public final class AwsPlatform implements Platform {
    private static final AwsPlatform INSTANCE = new AwsPlatform(System.getenv());
    private static final Duration CHECK_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a partner key lookup is remembered per function instance (a removed key works this long). */
    static final Duration PARTNER_KEY_CACHE = Duration.ofSeconds(60);
    /** Where the website's API key value is (a Secrets Manager ARN); the CDK app's UsagePlans sets it. */
    static final String WEBSITE_KEY_VARIABLE = "WEBSITE_API_KEY_SECRET_ARN";

    private final Map<String, String> environment;
    private final Supplier<ScenarioCatalog> catalog;
    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<Sessions> sessions;
    private final Supplier<ActiveSessions> active;
    private final Supplier<ServerSlots> slots;
    private final Supplier<Routes> routes;
    private final Supplier<AnonymousTokens> tokens;
    private final Supplier<Workflows> workflows;
    private final Supplier<SecretsManagerSecrets> secrets;
    private final Supplier<MasterSecret> secret;
    private final Supplier<ScenarioChecks> checks;
    private final Supplier<TerminalTickets> terminalTickets;
    private final Supplier<S3Recordings> recordings;
    private final Supplier<RecordingLinks> recordingLinks;
    private final Supplier<UserTokens> userTokens;
    private final Supplier<PartnerKeys> partnerKeys;
    private final Supplier<Optional<String>> websiteUsageKey;
    private final Supplier<WindowCounters> windowCounters;

    AwsPlatform(Map<String, String> environment) {
        this.environment = environment;
        this.catalog = Once.of(() -> ScenarioFolders.load(scenariosFolder()));
        this.dynamo = Once.of(AwsClients::dynamoDb);
        this.sessions = Once.of(() -> new DynamoDbSessions(dynamo.get(), table(Tables.SESSIONS.environmentVariable())));
        this.active = Once.of(() -> new DynamoDbActiveSessions(dynamo.get(), table(Tables.COUNTERS.environmentVariable())));
        this.slots = Once.of(() -> new DynamoDbServerSlots(dynamo.get(), table(Tables.COUNTERS.environmentVariable())));
        this.routes = Once.of(() -> new DynamoDbRoutes(dynamo.get(), table(Tables.ROUTES.environmentVariable())));
        // A lambda, not a method reference: only the functions that read a secret link (and carry) the client.
        this.secrets = Once.of(() -> SecretsManagerSecrets.builder().build());
        this.secret = Once.of(() -> MasterSecret.fromBase64(secrets.get().secretString(required("MASTER_SECRET_ARN"))));
        this.tokens = Once.of(() -> new AnonymousTokens(secret.get(), clock()));
        this.terminalTickets = Once.of(() -> new TerminalTickets(secret.get(), clock()));
        this.recordings = Once.of(() -> S3Recordings.builder().bucket(required("RECORDINGS_BUCKET")).build());
        this.recordingLinks = Once.of(() -> new S3RecordingLinks(recordings.get()));
        this.userTokens = Once.of(() -> IdentityEnvironment.tokens(environment)
                .<UserTokens>map(settings -> new OidcAccessTokens(settings, clock()))
                .orElse(UserTokens.NONE));
        this.partnerKeys = Once.of(() -> new CachingPartnerKeys(
                new DynamoDbPartnerKeys(dynamo.get(), table(Tables.PARTNER_KEYS.environmentVariable())),
                PARTNER_KEY_CACHE, clock()));
        this.websiteUsageKey = Once.of(() -> Optional.ofNullable(environment.get(WEBSITE_KEY_VARIABLE))
                .map(arn -> secrets.get().secretString(arn)));
        this.windowCounters = Once.of(() -> new DynamoDbWindowCounters(dynamo.get(),
                table(Tables.COUNTERS.environmentVariable()), clock()));
        this.checks = Once.of(() -> new SshScenarioChecks(scenariosFolder(), secret.get(),
                new CheckRunner(new SshConnector(), CHECK_CONNECT_TIMEOUT), CheckRunner.DEFAULT_TIMEOUT));
        this.workflows = Once.of(() -> StepFunctionsWorkflows.builder()
                .stateMachineArn(required("SESSION_STATE_MACHINE_ARN")).build());
    }

    public static AwsPlatform instance() {
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
    public ActiveSessions activeSessions() {
        return active.get();
    }

    @Override
    public ServerSlots serverSlots() {
        return slots.get();
    }

    @Override
    public int maxRunningServers() {
        return Integer.parseInt(required("MAX_RUNNING_SERVERS"));
    }

    @Override
    public Workflows workflows() {
        return workflows.get();
    }

    @Override
    public Routes routes() {
        return routes.get();
    }

    @Override
    public ScenarioChecks checks() {
        return checks.get();
    }

    @Override
    public AnonymousTokens anonymousTokens() {
        return tokens.get();
    }

    @Override
    public TerminalTickets terminalTickets() {
        return terminalTickets.get();
    }

    @Override
    public Recordings recordings() {
        return recordings.get();
    }

    @Override
    public RecordingLinks recordingLinks() {
        return recordingLinks.get();
    }

    @Override
    public UserTokens userTokens() {
        return userTokens.get();
    }

    @Override
    public PartnerKeys partnerKeys() {
        return partnerKeys.get();
    }

    @Override
    public Optional<String> websiteUsageKey() {
        return websiteUsageKey.get();
    }

    @Override
    public WindowCounters windowCounters() {
        return windowCounters.get();
    }

    @Override
    public AnonymousTokenLimit anonymousTokenLimit() {
        return IdentityEnvironment.anonymousTokenLimit(environment);
    }

    @Override
    public Optional<String> clientAddressHeader() {
        return IdentityEnvironment.clientAddressHeader(environment);
    }

    @Override
    public Optional<SignInSettings> signInSettings() {
        return IdentityEnvironment.signIn(environment);
    }

    private String table(String variable) {
        return required(variable);
    }

    private String required(String variable) {
        return Optional.ofNullable(environment.get(variable))
                .orElseThrow(() -> new IllegalStateException(variable + " is not set"));
    }

    /** The catalog ships inside the function's package; Lambda unpacks it under LAMBDA_TASK_ROOT. */
    private Path scenariosFolder() {
        return Optional.ofNullable(environment.get("SCENARIOS_DIR"))
                .or(() -> Optional.ofNullable(environment.get("LAMBDA_TASK_ROOT")).map(root -> root + "/scenarios"))
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException("neither SCENARIOS_DIR nor LAMBDA_TASK_ROOT is set"));
    }
}
