package dev.breakfix.cdk;

import dev.breakfix.api.ApiRoutes;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.cdk.api.ApiStack;
import dev.breakfix.cdk.edge.EdgeStack;
import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import dev.breakfix.cdk.stateful.StatefulStack;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The breakfix CDK app: one stateful stack (tables, buckets) and the stateless stacks that use it.
 * It synthesizes offline and without credentials: account and region come from the environment the
 * CDK CLI sets, or placeholders, and nothing is looked up.
 */
public final class BreakfixApp {
    public static final String PLACEHOLDER_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "eu-west-1";
    public static final String STATEFUL_STACK = "Breakfix-Stateful";
    public static final String API_STACK = "Breakfix-Api";
    public static final String EDGE_STACK = "Breakfix-Edge";

    /** The stacks of one app. */
    public record Stacks(StatefulStack stateful, ApiStack api, EdgeStack edge) {}

    private BreakfixApp() {}

    public static void main(String[] args) {
        App app = new App();
        RepositoryRoot root = RepositoryRoot.findFrom(Path.of(""));
        build(app, environment(System.getenv()), recordingsLifecycle(app),
                Code.fromAsset(root.apiLambdaJar().toString()));
        app.synth();
    }

    /** Adds breakfix's stacks to {@code app}: the one wiring of the whole platform. */
    public static Stacks build(App app, Environment environment, RecordingsLifecycle recordings, Code apiPackage) {
        Tags.of(app).add("project", "breakfix");
        StatefulStack stateful = new StatefulStack(app, STATEFUL_STACK, props(environment,
                "breakfix data: DynamoDB tables and S3 buckets (retained)"), Tables.ALL, recordings);
        ApiStack api = new ApiStack(app, API_STACK, new ApiStack.Props(
                props(environment, "breakfix REST API and its Lambda functions (stateless)"),
                ApiRoutes.ALL, apiPackage, stateful.data(), Optional.empty()));
        EdgeStack edge = new EdgeStack(app, EDGE_STACK, props(environment,
                "breakfix entry: CloudFront for the website and /api (stateless)"),
                stateful.data().website(), api.api());
        return new Stacks(stateful, api, edge);
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
        return new RecordingsLifecycle(
                days(app, RecordingsLifecycle.INFREQUENT_ACCESS_CONTEXT_KEY,
                        RecordingsLifecycle.DEFAULT.infrequentAccessAfterDays()),
                days(app, RecordingsLifecycle.EXPIRE_CONTEXT_KEY, RecordingsLifecycle.DEFAULT.expireAfterDays()));
    }

    private static int days(App app, String key, int fallback) {
        Object value = app.getNode().tryGetContext(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a number of days, not " + value, e);
        }
    }

    private static StackProps props(Environment environment, String description) {
        return StackProps.builder().env(environment).description(description).build();
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
