package dev.breakfix.cdk.api;

import dev.breakfix.api.ApiRoutes;
import dev.breakfix.api.ApiRoutes.Access;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.api.ApiRoutes.Uses;
import dev.breakfix.api.auth.IdentityEnvironment;
import dev.breakfix.api.auth.IssueAnonymousTokenHandler;
import dev.breakfix.cdk.LambdaPackages;
import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.cdk.constructs.JavaFunction;
import dev.breakfix.cdk.stateful.StatefulStack;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.breakfix.cdk.constructs.Grants;
import dev.breakfix.cdk.constructs.Nag;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.IdentitySource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.RequestAuthorizer;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The REST API, built from the route table ({@link ApiRoutes#ALL}) so that it serves exactly the
 * routes the local gateway serves, and answers the same errors for everything else:
 * <ul>
 *   <li>each route is a method on its resource, integrated (proxy) with the alias of its function;
 *       routes naming the same function share one Lambda function;</li>
 *   <li>any other method on a route's resource answers 405 {@code METHOD_NOT_ALLOWED} with
 *       {@code Allow} (an {@code ANY} mock: API Gateway prefers the specific method);</li>
 *   <li>any other path under {@code /api} answers 404 {@code ROUTE_NOT_FOUND} ({@code /api/{proxy+}}
 *       and {@code /api} mocks, and the gateway responses for paths outside it);</li>
 *   <li>API Gateway's own refusals (throttling, too large, its 5xx) use the same JSON shape.</li>
 * </ul>
 * Stateless: it can be destroyed and rebuilt; what it needs from the stateful stack comes in
 * through {@link StatefulStack.Data}.
 */
public final class ApiStack extends Stack {
    /** Every API route lives under this path; the website and the terminal gateway own the rest. */
    public static final String API_PATH = "/api";
    /** The variable handlers read the recordings bucket's name from. */
    public static final String RECORDINGS_BUCKET_VARIABLE = "RECORDINGS_BUCKET";
    public static final String STAGE_NAME = "v1";

    /**
     * What the API is built from.
     *
     * @param routes the route table, {@link ApiRoutes#ALL} in the app
     * @param packages the Lambda packages; each function gets the one {@link LambdaPackages} picks for its uses
     * @param data the stateful stack's tables, buckets, secret and user pool
     * @param sessionWorkflow the session state machine, once the app defines it; routes that use
     *     {@link Uses#WORKFLOW} get its ARN and the right to start and resume it
     * @param serverNetwork where functions that SSH into scenario servers run (the checker): routes that
     *     use both {@link Uses#ROUTES} and {@link Uses#MASTER_SECRET} look a server up and log into it
     * @param maxRunningServers the global cap on running servers ({@code MAX_RUNNING_SERVERS})
     */
    public record Props(StackProps stack, List<Route> routes, Map<LambdaPackages.Package, Code> packages,
            StatefulStack.Data data,
            Optional<IStateMachine> sessionWorkflow, Optional<JavaFunction.Placement> serverNetwork,
            int maxRunningServers) {}

    /** Where functions that use the master secret find it. */
    public static final String MASTER_SECRET_VARIABLE = "MASTER_SECRET_ARN";
    public static final String SESSION_WORKFLOW_VARIABLE = "SESSION_STATE_MACHINE_ARN";

    /** Functions that count servers against the cap read it from here. */
    public static final String MAX_RUNNING_SERVERS_VARIABLE = "MAX_RUNNING_SERVERS";
    /** The scopes the website's app client allows (Breakfix-Stateful), asked for by the sign-in. */
    public static final String SIGN_IN_SCOPES = String.join(" ", StatefulStack.WEB_CLIENT_SCOPES);
    /**
     * The header CloudFront sets with the viewer's address ({@code ip:port}), which the edge stack forwards
     * on {@link #clientAddressPaths} and the functions behind them trust ({@code CLIENT_ADDRESS_HEADER}).
     */
    public static final String CLIENT_ADDRESS_HEADER = "CloudFront-Viewer-Address";
    /** The handler that counts requests per client address (anonymous tokens: docs/decisions/0016). */
    static final Class<?> READS_CLIENT_ADDRESS = IssueAnonymousTokenHandler.class;

    private final RestApi api;
    private final Map<String, JavaFunction> functions;
    private final Map<String, LambdaPackages.Package> packages = new LinkedHashMap<>();
    private final UsagePlans usagePlans;

    public ApiStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        api = RestApi.Builder.create(this, "Api")
                .restApiName(getStackName())
                .description("breakfix REST API; built from ApiRoutes.ALL")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // Access and execution logs need the account's API Gateway CloudWatch role; the app sets
                // it, and keeps it when the stack goes (it is account-wide: docs/decisions/0012).
                .cloudWatchRole(true)
                .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
                // Partners' usage plans are chosen by the key the authorizer returns (usageIdentifierKey).
                .apiKeySourceType(ApiKeySourceType.AUTHORIZER)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE_NAME)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                                .caller(false).httpMethod(true).ip(true).protocol(true).requestTime(true)
                                .resourcePath(true).responseLength(true).status(true).user(false).build()))
                        .throttlingRateLimit(50)
                        .throttlingBurstLimit(100)
                        .build())
                .build();
        Nag.acknowledge(api, "AwsSolutions-APIG2",
                "every handler validates its request and answers 400 in the shared error shape; a gateway validator would answer in another");
        Nag.acknowledge(api, "AwsSolutions-IAM4", List.of(
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
                "the account-level role API Gateway writes its logs with; AWS documents exactly this managed policy for it");

        usagePlans = new UsagePlans(this, api);

        functions = new LinkedHashMap<>();
        Map<String, Set<Uses>> uses = usesByFunction(props.routes());
        handlersByFunction(props.routes()).forEach((name, handler) -> {
            Set<Uses> used = uses.get(name);
            Map<String, String> environment = environment(props, used);
            if (readsClientAddress(props.routes(), name)) {
                environment.put(IdentityEnvironment.CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_HEADER);
            }
            LambdaPackages.Package pack = LambdaPackages.forApiFunction(used);
            packages.put(name, pack);
            JavaFunction function = new JavaFunction(this, name, JavaFunction.Props.api(handler,
                    props.packages().get(pack), environment)
                    .withPlacement(reachesServers(used) ? props.serverNetwork() : Optional.empty()));
            grant(function, used, props.data(), props.sessionWorkflow());
            functions.put(name, function);
        });

        RouteAuthorization authorization = props.routes().stream().anyMatch(r -> r.access() == Access.CALLER)
                ? RouteAuthorization.callers(callerAuthorizer(props))
                : RouteAuthorization.publicOnly();
        for (Route route : props.routes()) {
            resource(route.path()).addMethod(route.method(),
                    LambdaIntegration.Builder.create(functions.get(route.function()).alias())
                            .allowTestInvoke(false)
                            .build(),
                    authorization.methodOptions(route));
        }
        allowedMethodsByPath(props.routes()).forEach(this::refuseOtherMethods);
        refuseUnknownPaths();
        ErrorResponses.GATEWAY_ERRORS.forEach(error ->
                api.addGatewayResponse(error.type().getResponseType(), ErrorResponses.gatewayResponse(error)));
        ApiFirewall.protect(this, api.getDeploymentStage());
        acknowledgeMethodFindings();
    }

    /**
     * The paths whose function counts requests per client address, and so needs the viewer's address from
     * CloudFront ({@link #CLIENT_ADDRESS_HEADER}): the edge stack forwards that header on exactly these.
     */
    public static List<String> clientAddressPaths(List<Route> routes) {
        return routes.stream().filter(route -> route.handler() == READS_CLIENT_ADDRESS).map(Route::path).distinct().toList();
    }

    private static boolean readsClientAddress(List<Route> routes, String function) {
        return routes.stream().anyMatch(route -> route.function().equals(function) && route.handler() == READS_CLIENT_ADDRESS);
    }

    /**
     * Functions whose routes look a server's route up and hold the master secret SSH into scenario
     * servers (the checker), so they run in the VPC next to the servers.
     */
    public static boolean reachesServers(Set<Uses> uses) {
        return uses.contains(Uses.ROUTES) && uses.contains(Uses.MASTER_SECRET);
    }

    public UsagePlans usagePlans() {
        return usagePlans;
    }

    private void acknowledgeMethodFindings() {
        for (Method method : api.getMethods()) {
            Nag.acknowledge(method, "AwsSolutions-APIG2",
                    "every handler validates its request and answers 400 in the shared error shape; a gateway validator would answer in another");
            Nag.acknowledge(method, "AwsSolutions-COG4",
                    "callers are authorized by the REQUEST authorizer (anonymous tokens, Cognito JWTs, partner keys), which a Cognito authorizer cannot express");
            if (method.getHttpMethod().equals("ANY") || isPublic(method)) {
                Nag.acknowledge(method, "AwsSolutions-APIG4",
                        "public by design: the scenario catalog and anonymous sign-in, and the 404/405 mocks that answer for unknown paths and methods");
            }
        }
    }

    private static boolean isPublic(Method method) {
        return method.getNode().getDefaultChild() instanceof software.amazon.awscdk.services.apigateway.CfnMethod cfn
                && "NONE".equals(cfn.getAuthorizationType());
    }

    public RestApi api() {
        return api;
    }

    /** The functions by their route-table name. */
    public Map<String, JavaFunction> functions() {
        return Collections.unmodifiableMap(functions);
    }

    /** The Lambda package each function is deployed from, by function name (the authorizer's included). */
    public Map<String, LambdaPackages.Package> packages() {
        return Collections.unmodifiableMap(packages);
    }

    /**
     * One Lambda function per distinct {@link Route#function()}, with the handler its routes name.
     * A function has one handler, so routes that share a function must share the handler class.
     */
    static Map<String, String> handlersByFunction(List<Route> routes) {
        Map<String, String> handlers = new LinkedHashMap<>();
        for (Route route : routes) {
            String handler = route.handler().getName() + "::handleRequest";
            String previous = handlers.putIfAbsent(route.function(), handler);
            if (previous != null && !previous.equals(handler)) {
                throw new IllegalArgumentException("function " + route.function() + " is named with two handlers: "
                        + previous + " and " + handler);
            }
        }
        return handlers;
    }

    /** The methods each route path accepts, as the local gateway lists them in {@code Allow}. */
    static Map<String, Set<String>> allowedMethodsByPath(List<Route> routes) {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (Route route : routes) {
            if (!route.path().startsWith(API_PATH + "/")) {
                throw new IllegalArgumentException("route " + route.method() + " " + route.path()
                        + " is outside " + API_PATH + "/");
            }
            allowed.computeIfAbsent(route.path(), path -> new TreeSet<>()).add(route.method());
        }
        return allowed;
    }

    /** {@code Allow} as the local gateway writes it: the methods in order, comma and space between. */
    static String allowHeader(Set<String> allowed) {
        return String.join(", ", new TreeSet<>(allowed));
    }

    /**
     * The REQUEST authorizer every {@code CALLER} route goes through: the same handler class the local
     * gateway calls. Nothing is cached at API Gateway ({@link ApiRoutes#AUTHORIZER_RESULTS_TTL}, no identity
     * sources): it runs on every request and returns the API key the request counts against
     * ({@code usageIdentifierKey}; the API's key source is {@code AUTHORIZER}).
     */
    private RequestAuthorizer callerAuthorizer(Props props) {
        Map<String, String> environment = environment(props, ApiRoutes.AUTHORIZER_USES);
        environment.putAll(signIn(props));
        environment.put(UsagePlans.WEBSITE_KEY_VARIABLE, usagePlans.websiteKeyValue().getSecretArn());
        LambdaPackages.Package pack = LambdaPackages.forAuthorizer();
        packages.put(LambdaPackages.AUTHORIZER_FUNCTION, pack);
        JavaFunction function = new JavaFunction(this, LambdaPackages.AUTHORIZER_FUNCTION, JavaFunction.Props.api(
                ApiRoutes.AUTHORIZER.getName() + "::handleRequest", props.packages().get(pack), environment));
        grant(function, ApiRoutes.AUTHORIZER_USES, props.data(), props.sessionWorkflow());
        usagePlans.websiteKeyValue().grantRead(function.function());
        functions.put(LambdaPackages.AUTHORIZER_FUNCTION, function);
        // Cached results need identity sources, and API Gateway then refuses every request lacking one;
        // callers send different headers (a bearer token, or a partner key), so no cache (ApiRoutes).
        RequestAuthorizer.Builder authorizer = RequestAuthorizer.Builder.create(this, "Callers")
                .handler(function.alias())
                .resultsCacheTtl(Duration.seconds(ApiRoutes.AUTHORIZER_RESULTS_TTL.toSeconds()));
        authorizer.identitySources(ApiRoutes.AUTHORIZER_RESULTS_TTL.isZero()
                ? List.of() : List.of(IdentitySource.header("Authorization")));
        return authorizer.build();
    }

    /** What each function uses: the union over the routes it serves. */
    static Map<String, Set<Uses>> usesByFunction(List<Route> routes) {
        Map<String, Set<Uses>> uses = new LinkedHashMap<>();
        for (Route route : routes) {
            uses.computeIfAbsent(route.function(), f -> EnumSet.noneOf(Uses.class)).addAll(route.uses());
        }
        return uses;
    }

    /** The names a function needs for what it uses, and nothing more. */
    private static Map<String, String> environment(Props props, Set<Uses> uses) {
        StatefulStack.Data data = props.data();
        Optional<IStateMachine> workflow = props.sessionWorkflow();
        Map<String, String> environment = new LinkedHashMap<>();
        if (uses.contains(Uses.COUNTERS)) {
            environment.put(MAX_RUNNING_SERVERS_VARIABLE, Integer.toString(props.maxRunningServers()));
        }
        if (uses.contains(Uses.SIGN_IN)) {
            environment.putAll(signIn(props));
        }
        data.tables().forEach((spec, table) -> {
            if (uses.contains(TABLE_USES.get(spec.id()))) {
                environment.put(spec.environmentVariable(), table.getTableName());
            }
        });
        if (uses.contains(Uses.RECORDINGS)) {
            environment.put(RECORDINGS_BUCKET_VARIABLE, data.recordings().getBucketName());
        }
        if (uses.contains(Uses.MASTER_SECRET)) {
            environment.put(MASTER_SECRET_VARIABLE, data.masterSecret().getSecretArn());
        }
        if (uses.contains(Uses.WORKFLOW)) {
            workflow.ifPresent(w -> environment.put(SESSION_WORKFLOW_VARIABLE, w.getStateMachineArn()));
        }
        return environment;
    }

    /**
     * Where users sign in (the Cognito user pool, its hosted pages and the website's app client), under the
     * names of {@link IdentityEnvironment#SIGN_IN_VARIABLES}. Not set, on purpose: {@code OIDC_AUDIENCE}
     * (Cognito's access tokens carry {@code client_id}, not {@code aud}) and {@code OIDC_JWKS_URL} (the
     * issuer's default is Cognito's). The app client lives in the stateful stack, so this stack does not
     * depend on the edge stack, which depends on it (docs/deploy.md).
     */
    static Map<String, String> signIn(Props props) {
        String pool = props.data().users().getUserPoolId();
        String hostedUi = props.data().hostedUi();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(IdentityEnvironment.ISSUER, Fn.join("", List.of(
                "https://cognito-idp.", Stack.of(props.data().users()).getRegion(), ".amazonaws.com/", pool)));
        environment.put(IdentityEnvironment.CLIENT_ID, props.data().webClient().getUserPoolClientId());
        environment.put(IdentityEnvironment.AUTHORIZATION_ENDPOINT, hostedUi + "/oauth2/authorize");
        environment.put(IdentityEnvironment.TOKEN_ENDPOINT, hostedUi + "/oauth2/token");
        environment.put(IdentityEnvironment.LOGOUT_ENDPOINT, hostedUi + "/logout");
        environment.put(IdentityEnvironment.LOGOUT_REDIRECT_PARAMETER, "logout_uri");
        environment.put(IdentityEnvironment.SCOPES, SIGN_IN_SCOPES);
        return environment;
    }

    /** Least privilege: each function may touch exactly what its routes declare. */
    private static void grant(JavaFunction function, Set<Uses> uses, StatefulStack.Data data,
            Optional<IStateMachine> workflow) {
        IFunction lambda = function.function();
        data.tables().forEach((spec, table) -> {
            Uses use = TABLE_USES.get(spec.id());
            if (uses.contains(use)) {
                Grants.table(lambda.getRole(), spec, table, use != Uses.ROUTES && use != Uses.PARTNER_KEYS);
            }
        });
        if (uses.contains(Uses.RECORDINGS)) {
            Grants.objects(function, "RecordingsAccess", lambda.getRole(), data.recordings(),
                    List.of(Grants.Objects.READ));
        }
        if (uses.contains(Uses.MASTER_SECRET)) {
            data.masterSecret().grantRead(lambda);
        }
        if (uses.contains(Uses.WORKFLOW)) {
            if (workflow.isPresent()) {
                workflow.get().grantStartExecution(lambda);
                workflow.get().grantTaskResponse(lambda);
            } else {
                Annotations.of(function).addWarningV2("breakfix:no-session-workflow",
                        "this function starts or resumes session workflows, but the app defines no session state machine yet");
            }
        }
    }

    /** Which {@link Uses} stands for each table, by the table spec's id. */
    private static final Map<String, Uses> TABLE_USES = Map.of(
            Tables.SESSIONS.id(), Uses.SESSIONS,
            Tables.COUNTERS.id(), Uses.COUNTERS,
            Tables.ROUTES.id(), Uses.ROUTES,
            Tables.PARTNER_KEYS.id(), Uses.PARTNER_KEYS);

    /** The {@link Uses} that stands for a table (read-only for Routes and PartnerKeys). */
    public static Optional<Uses> useOf(TableSpec spec) {
        return Optional.ofNullable(TABLE_USES.get(spec.id()));
    }

    private void refuseOtherMethods(String path, Set<String> allowed) {
        ApiError error = ApiError.methodNotAllowed(ErrorResponses.REQUEST_METHOD);
        Map<String, String> headers = Map.of("Allow", allowHeader(allowed));
        resource(path).addMethod("ANY", ErrorResponses.mock(error, headers), ErrorResponses.mockMethod(error, headers));
    }

    private void refuseUnknownPaths() {
        ApiError error = ApiError.routeNotFound();
        IResource apiRoot = resource(API_PATH);
        apiRoot.addMethod("ANY", ErrorResponses.mock(error, Map.of()), ErrorResponses.mockMethod(error, Map.of()));
        apiRoot.addResource("{proxy+}")
                .addMethod("ANY", ErrorResponses.mock(error, Map.of()), ErrorResponses.mockMethod(error, Map.of()));
    }

    private IResource resource(String path) {
        return api.getRoot().resourceForPath(path);
    }
}
