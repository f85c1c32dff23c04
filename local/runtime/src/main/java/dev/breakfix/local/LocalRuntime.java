package dev.breakfix.local;

import dev.breakfix.aws.AwsClients;
import dev.breakfix.aws.dynamodb.DynamoDbActiveSessions;
import dev.breakfix.aws.dynamodb.DynamoDbRoutes;
import dev.breakfix.aws.dynamodb.DynamoDbServerSlots;
import dev.breakfix.aws.dynamodb.DynamoDbSessions;
import dev.breakfix.aws.dynamodb.DynamoDbTables;
import dev.breakfix.aws.s3.S3Recordings;
import dev.breakfix.aws.dynamodb.DynamoDbUsedTickets;
import dev.breakfix.gateway.TerminalGateway;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.local.executions.LocalExecutions;
import dev.breakfix.local.identity.LocalEndpoints;
import dev.breakfix.local.identity.LocalIdentity;
import dev.breakfix.local.identity.LocalOidcProvider;
import dev.breakfix.local.identity.OidcProxy;
import dev.breakfix.local.sessions.LocalEc2;
import dev.breakfix.local.sessions.LocalReaper;
import dev.breakfix.local.sessions.LocalWorkflows;
import dev.breakfix.local.sessions.SessionWorkflow;
import dev.breakfix.local.stepfunctions.StateMachineRunner;
import dev.breakfix.local.stepfunctions.store.DynamoDbExecutionStore;
import dev.breakfix.local.stepfunctions.tasks.DynamoDbTasks;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import dev.breakfix.sandbox.LxcServers;
import dev.breakfix.sandbox.SandboxSettings;
import dev.breakfix.sandbox.ScenarioImages;
import dev.breakfix.server.Servers;
import dev.breakfix.session.ReapingSessions;
import dev.breakfix.session.Sessions;
import dev.breakfix.ssh.CheckRunner;
import dev.breakfix.ssh.CheckScripts;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshScenarioChecks;
import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.local.emulators.Dynalite;
import dev.breakfix.local.emulators.EmbeddedS3;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The whole platform in one process: the local API gateway and the website on one port, dynalite
 * and s3proxy behind them. Starts in dependency order and stops in the reverse order.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    /**
     * Threads that move the session executions. Each transition is saved to dynalite (two writes) on
     * one of them before the next, so they mostly wait on the store: two made twenty sessions started
     * at once queue behind each other's writes (the last READY after ~30 s on 2 busy cores, ~18 s with 8).
     */
    static final int WORKFLOW_THREADS = 8;

    /** Physical names of the local buckets; on AWS, CDK names them. */
    static final String RECORDINGS_BUCKET = "breakfix-recordings";

    /**
     * What the workflow's launch request names locally: LocalEc2 launches an LXC server from the
     * scenario's cached layers whatever the template, subnet or image says.
     */
    static final Ec2LaunchRequests.Settings LOCAL_LAUNCHES = new Ec2LaunchRequests.Settings("local-template",
            "$Default", List.of("local-subnet"), List.of("local-guard"), scenario -> Optional.of("local:" + scenario));

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Server server;
    private final ServerConnector connector;
    private AwsClients.Emulator dynamoDb;
    private AwsClients.Emulator s3;
    private StateMachineRunner runner;

    private LocalRuntime(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts everything, wired as {@code ./breakfix up} runs it; on any failure, stops what had started and throws. */
    public static LocalRuntime start(LocalConfig config, Clock clock) throws Exception {
        return start(config, clock, LocalWiring.STANDARD);
    }

    /** Starts everything with {@code wiring}'s decorators and timings (tests, benchmarks). */
    public static LocalRuntime start(LocalConfig config, Clock clock, LocalWiring wiring) throws Exception {
        ScenarioCatalog catalog = ScenarioFolders.load(config.scenariosDir());
        Optional<String> hostProblem = LxcServers.hostProblem();
        if (hostProblem.isPresent()) {
            throw new LocalStartException("scenario servers cannot run on this host: " + hostProblem.get());
        }

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("gateway");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        LocalRuntime runtime = new LocalRuntime(server, connector);
        try {
            // Claim the port first, so that "already in use" is the first and only thing reported.
            try {
                connector.open();
            } catch (IOException e) {
                if (e instanceof BindException || e.getCause() instanceof BindException) {
                    throw new LocalStartException("port " + config.port() + " on " + config.host()
                            + " is already in use. Is breakfix already running (`./breakfix down` stops it)?"
                            + " Or choose another port with --port.");
                }
                throw e;
            }
            runtime.started.push(connector::close);

            Dynalite dynalite;
            try {
                dynalite = Dynalite.start(config.nodeModulesDir(), Optional.of(config.stateDir().resolve("dynamodb")));
            } catch (IllegalStateException e) {
                throw new LocalStartException(e.getMessage());
            }
            runtime.started.push(dynalite);
            EmbeddedS3 s3 = EmbeddedS3.start(config.stateDir().resolve("s3"));
            runtime.started.push(s3);
            runtime.dynamoDb = new AwsClients.Emulator(dynalite.endpoint(), Dynalite.ACCESS_KEY, Dynalite.SECRET_KEY);
            runtime.s3 = new AwsClients.Emulator(s3.endpoint(), EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);

            DynamoDbClient dynamo = AwsClients.dynamoDb(runtime.dynamoDb);
            runtime.started.push(dynamo);
            for (TableSpec table : Tables.ALL) {
                DynamoDbTables.createOrRebuild(dynamo, table, table.id());
            }
            S3Client s3Client = AwsClients.s3(runtime.s3);
            runtime.started.push(s3Client);
            createBucketIfMissing(s3Client, RECORDINGS_BUCKET);

            LocalOidcProvider signIn = startSignIn(config, runtime.port());
            runtime.started.push(signIn);
            LocalIdentity identity = LocalIdentity.wire(dynamo, signIn, clock);

            MasterSecretFile secret = MasterSecretFile.in(config.stateDir());
            SandboxSettings sandbox = SandboxSettings.forRepository(config.root())
                    .withStateIn(config.stateDir().resolve("sandbox"));
            LxcServers lxc = new LxcServers(sandbox, new ScenarioImages(sandbox, line -> LOG.info("{}", line)));
            Servers servers = wiring.servers().apply(lxc);
            SshConnector ssh = new SshConnector();
            runtime.started.push(ssh);
            S3Recordings recordings = S3Recordings.builder().s3Client(s3Client).bucket(RECORDINGS_BUCKET).build();

            TaskResources tasks = new TaskResources();
            DynamoDbTasks.register(tasks, dynamo);
            StateMachineRunner runner = StateMachineRunner.builder()
                    .store(DynamoDbExecutionStore.builder().client(dynamo).build().createTableIfMissing())
                    .tasks(tasks)
                    .clock(clock)
                    .delayOverrides(wiring.delays())
                    .workerThreads(WORKFLOW_THREADS)
                    .build();
            runtime.started.push(runner::close);
            runtime.runner = runner;
            LocalWorkflows workflows = new LocalWorkflows(runner);
            Sessions sessions = wiring.sessions().apply(new DynamoDbSessions(dynamo, Tables.SESSIONS.id()));
            DynamoDbServerSlots slots = new DynamoDbServerSlots(dynamo, Tables.COUNTERS.id());
            LocalPlatform platform = new LocalPlatform(catalog, clock,
                    sessions,
                    new DynamoDbActiveSessions(dynamo, Tables.COUNTERS.id()),
                    slots,
                    config.maxRunningServers(),
                    workflows,
                    new DynamoDbRoutes(dynamo, Tables.ROUTES.id()),
                    new SshScenarioChecks(wiring.checkScripts().apply(CheckScripts.inFolders(config.scenariosDir())),
                            secret.secret(), new CheckRunner(ssh, Duration.ofSeconds(5)), wiring.checkTimeout()),
                    new AnonymousTokens(secret.secret(), clock),
                    servers, LOCAL_LAUNCHES, recordings, secret.secret(), ssh, identity);
            SessionWorkflow.registerTasks(tasks, platform,
                    wiring.ec2().apply(new LocalEc2(servers, catalog, secret.secret())));
            String sessionMachine = SessionWorkflow.register(runner,
                    config.root().resolve("statemachines/session.asl.json"), config.maxRunningServers());
            workflows.use(sessionMachine);
            runner.resumeRunningExecutions();
            runtime.started.push(LocalReaper.start(new ReapingSessions(catalog, sessions, platform.activeSessions(),
                    slots, LocalReaper.fleet(lxc, servers), clock, wiring.reaperGrace()), lxc, clock,
                    wiring.reaperGrace(), wiring.reaperInterval()));

            // The terminal gateway, in-process on the same port (/term/*), as CloudFront joins it on AWS.
            TerminalGateway terminals = TerminalGateway.builder().sessions(platform.sessions()).routes(platform.routes())
                    .catalog(catalog).usedTickets(new DynamoDbUsedTickets(dynamo, Tables.COUNTERS.id()))
                    .masterSecret(secret.secret()).ssh(ssh).recordings(recordings).clock(clock).build();
            runtime.started.push(terminals);

            Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
            checks.put("dynamodb", () -> dynalite.isAlive() && dynamo.listTables(b -> b.limit(1)) != null);
            checks.put("s3", () -> s3Client.headBucket(b -> b.bucket(RECORDINGS_BUCKET)) != null);
            ResourceFactory.Closeable resources = ResourceFactory.closeable();
            runtime.started.push(resources);
            server.setHandler(new Handler.Sequence(
                    new HealthCheck(checks),
                    terminals.handler(server),
                    new LocalApiGateway(platform, identity.usagePlans()),
                    new OidcProxy(signIn.directUri()),
                    new ApiDocs(config.root()),
                    new LocalExecutions(runner, sessionMachine),
                    Website.serving(config.siteDir(), resources)));
            server.start();
            runtime.started.push(server::stop);
            runtime.started.push(LocalEndpoints.write(config.stateDir(), dynalite.endpoint(), signIn.directUri()));
            LOG.info("breakfix local runtime listening on port {}", runtime.port());
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The local OIDC provider (users alice and bob), on the runtime's port under /oidc. */
    private static LocalOidcProvider startSignIn(LocalConfig config, int port) throws Exception {
        try {
            return LocalOidcProvider.start(config.root(), config.stateDir().resolve("oidc"), port);
        } catch (IllegalStateException e) {
            throw new LocalStartException(e.getMessage());
        }
    }

    /** Where the local DynamoDB answers, for tools and tests. */
    public AwsClients.Emulator dynamoDb() {
        return dynamoDb;
    }

    /** Where the local S3 answers, for tools and tests. */
    public AwsClients.Emulator s3() {
        return s3;
    }

    /** The runner of the session workflow, for tests that act on executions as an operator would. */
    StateMachineRunner workflowRunner() {
        return runner;
    }

    private static void createBucketIfMissing(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // Created by an earlier run; the state directory keeps it.
        }
    }

    /** Stops everything that started, newest first; keeps going past failures. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("a part of the runtime did not stop cleanly", e);
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly", e);
        }
    }
}
