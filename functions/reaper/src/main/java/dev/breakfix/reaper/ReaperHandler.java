package dev.breakfix.reaper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.breakfix.aws.AwsClients;
import dev.breakfix.aws.dynamodb.DynamoDbActiveSessions;
import dev.breakfix.aws.dynamodb.DynamoDbServerSlots;
import dev.breakfix.aws.dynamodb.DynamoDbSessions;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.aws.ec2.Ec2Servers;
import dev.breakfix.scenario.ScenarioFolders;
import dev.breakfix.session.ReapingSessions;
import dev.breakfix.session.SessionId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The reaper on AWS: EventBridge Scheduler invokes this function on a schedule (every 5 minutes) with
 * any payload; each run is one {@link ReapingSessions#reap()}, and the answer says what it did.
 *
 * <p>Every run also writes {@link PastDeadlineMetric} ({@code breakfix/ServersPastDeadline}) to standard
 * output, which the operators' alarm watches.
 *
 * <p>Environment (set by the CDK app): {@code SESSIONS_TABLE}, {@code COUNTERS_TABLE}; optional
 * {@code REAPER_GRACE_MINUTES} (default 5); the catalog ships in the jar ({@code LAMBDA_TASK_ROOT}). It
 * needs: DynamoDB Query on the Sessions table's {@code byInFlight} index, GetItem/UpdateItem on Sessions,
 * UpdateItem/DeleteItem on Counters; EC2 DescribeInstances, and TerminateInstances on instances tagged
 * {@code breakfix:managed=true}.
 */
public final class ReaperHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** For the CDK app: the variables this function reads (besides LAMBDA_TASK_ROOT and AWS_REGION). */
    public static final List<String> ENVIRONMENT = List.of(Tables.SESSIONS.environmentVariable(),
            Tables.COUNTERS.environmentVariable(), "REAPER_GRACE_MINUTES");
    private static final Duration DEFAULT_GRACE = ReapingSessions.DEFAULT_GRACE;

    private final ReapingSessions reaping;
    private final PastDeadlineMetric pastDeadline;

    public ReaperHandler() {
        this(fromEnvironment(System.getenv()), new PastDeadlineMetric(System.out, Clock.systemUTC()));
    }

    public ReaperHandler(ReapingSessions reaping, PastDeadlineMetric pastDeadline) {
        this.reaping = reaping;
        this.pastDeadline = pastDeadline;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        ReapingSessions.Report report = reaping.reap();
        pastDeadline.record(report);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sessionsClosed", report.sessionsClosed().stream().map(SessionId::value).toList());
        answer.put("serversTerminated", report.serversTerminated().stream().map(t -> Map.of(
                "server", t.server().value(),
                "session", t.session().map(SessionId::value).orElse(""),
                "why", t.why().name())).toList());
        return answer;
    }

    /** Wired by hand from the Lambda environment; the clients are built once per container. */
    static ReapingSessions fromEnvironment(Map<String, String> environment) {
        DynamoDbClient dynamo = AwsClients.dynamoDb();
        String sessions = required(environment, Tables.SESSIONS.environmentVariable());
        String counters = required(environment, Tables.COUNTERS.environmentVariable());
        DynamoDbServerSlots slots = new DynamoDbServerSlots(dynamo, counters);
        return new ReapingSessions(
                ScenarioFolders.load(Path.of(required(environment, "LAMBDA_TASK_ROOT"), "scenarios")),
                new DynamoDbSessions(dynamo, sessions),
                new DynamoDbActiveSessions(dynamo, counters),
                slots,
                new Ec2ServerFleet(Ec2Servers.builder().build()),
                Clock.systemUTC(),
                grace(environment));
    }

    static Duration grace(Map<String, String> environment) {
        return Optional.ofNullable(environment.get("REAPER_GRACE_MINUTES"))
                .map(minutes -> Duration.ofMinutes(Long.parseLong(minutes.strip())))
                .orElse(DEFAULT_GRACE);
    }

    private static String required(Map<String, String> environment, String variable) {
        return Optional.ofNullable(environment.get(variable))
                .orElseThrow(() -> new IllegalStateException(variable + " is not set"));
    }
}
