package dev.breakfix.gateway;

import dev.breakfix.aws.AwsClients;
import dev.breakfix.aws.dynamodb.DynamoDbRoutes;
import dev.breakfix.aws.dynamodb.DynamoDbSessions;
import dev.breakfix.aws.dynamodb.DynamoDbUsedTickets;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.aws.s3.S3Recordings;
import dev.breakfix.scenario.ScenarioFolders;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SshConnector;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal gateway as a service of its own (on AWS: an ECS Fargate task behind an ALB, which
 * CloudFront sends {@code /term/*} to): {@code /term/*} and {@code /healthz} on one port.
 *
 * <p>Configured by the environment the CDK app sets: {@code PORT} (8080), {@code SESSIONS_TABLE} and
 * {@code ROUTES_TABLE} (read), {@code COUNTERS_TABLE} (conditional puts of used tickets),
 * {@code RECORDINGS_BUCKET} (put, get and list under {@code recordings/}), and the master secret as
 * {@code MASTER_SECRET_ARN} (read from Secrets Manager with the task role) or {@code MASTER_SECRET}
 * (its base64, e.g. injected by ECS). Optional: {@code SCENARIOS_DIR} (else the catalog inside this
 * jar), {@code RECORDING_CAP_BYTES}, {@code RECORDING_FLUSH_SECONDS}. Health: {@code GET /term/health}
 * (what the load balancer checks) and {@code /healthz}. On SIGTERM (a deployment, a scale-in) it closes
 * every terminal with 1001 "gateway restarting" and stores every recording before exiting.
 */
public final class TerminalGatewayService {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalGatewayService.class);

    private TerminalGatewayService() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        DynamoDbClient dynamo = AwsClients.dynamoDb();
        SshConnector ssh = new SshConnector();
        TerminalGateway gateway = TerminalGateway.builder()
                .sessions(new DynamoDbSessions(dynamo, required(env, Tables.SESSIONS.environmentVariable())))
                .routes(new DynamoDbRoutes(dynamo, required(env, Tables.ROUTES.environmentVariable())))
                .usedTickets(new DynamoDbUsedTickets(dynamo, required(env, Tables.COUNTERS.environmentVariable())))
                .catalog(ScenarioFolders.load(scenarios(env)))
                .recordings(S3Recordings.builder().bucket(required(env, "RECORDINGS_BUCKET")).build())
                .masterSecret(masterSecret(env))
                .ssh(ssh)
                .settings(GatewaySettings.fromEnvironment(env))
                .build();

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("gateway");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(Integer.parseInt(env.getOrDefault("PORT", "8080")));
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(new Health(), gateway.handler(server)));
        server.setStopTimeout(10_000);
        server.start();
        LOG.info("terminal gateway listening on port {}", connector.getLocalPort());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("terminal gateway stopping");
            gateway.close();
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("the HTTP server did not stop cleanly", e);
            }
            ssh.close();
            dynamo.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    /** {@code MASTER_SECRET} if given, else the secret {@code MASTER_SECRET_ARN} names, read once at start. */
    static MasterSecret masterSecret(Map<String, String> env) {
        String given = env.get("MASTER_SECRET");
        if (given != null && !given.isBlank()) {
            return MasterSecret.fromBase64(given);
        }
        String arn = required(env, "MASTER_SECRET_ARN");
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            return MasterSecret.fromBase64(secrets.getSecretValue(b -> b.secretId(arn)).secretString());
        }
    }

    /** {@code SCENARIOS_DIR}, or the catalog shipped in this jar, copied out (the loader reads files). */
    static Path scenarios(Map<String, String> env) throws IOException, URISyntaxException {
        String dir = env.get("SCENARIOS_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        URL bundled = TerminalGatewayService.class.getClassLoader().getResource("scenarios");
        if (bundled == null) {
            throw new IllegalStateException("no SCENARIOS_DIR and no catalog in the jar");
        }
        if (!"jar".equals(bundled.getProtocol())) {
            return Path.of(bundled.toURI());
        }
        Path target = Files.createTempDirectory("breakfix-scenarios");
        try (FileSystem jar = FileSystems.newFileSystem(bundled.toURI(), Map.of());
                Stream<Path> files = Files.walk(jar.getPath("/scenarios"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(jar.getPath("/scenarios").relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return target;
    }

    private static String required(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException(name + " is not set"));
    }

    /** The load balancer's health check: the process is up and serving. */
    /** What the load balancer checks; under /term/ because CloudFront sends only that path to the gateway. */
    public static final String HEALTH_PATH = "/term/health";

    private static final class Health extends Handler.Abstract.NonBlocking {
        private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (!"/healthz".equals(path) && !HEALTH_PATH.equals(path)) {
                return false;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(OK), callback);
            return true;
        }
    }
}
