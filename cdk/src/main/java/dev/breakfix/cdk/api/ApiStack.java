package dev.breakfix.cdk.api;

import dev.breakfix.api.ApiRoutes;
import dev.breakfix.api.ApiRoutes.Access;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.api.ApiRoutes.Uses;
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
import software.amazon.awscdk.Annotations;
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
     * @param apiPackage the handlers' deployment package (the shaded jar of functions/api)
     * @param data the stateful stack's tables and buckets, whose names the functions get
     */
    /**
     * @param sessionWorkflow the session state machine, once the app defines it; routes that use
     *     {@link Uses#WORKFLOW} get its ARN and the right to start and resume it
     */
    public record Props(StackProps stack, List<Route> routes, Code apiPackage, StatefulStack.Data data,
            Optional<IStateMachine> sessionWorkflow) {}

    /** Where functions that use the master secret find it. */
    public static final String MASTER_SECRET_VARIABLE = "MASTER_SECRET_ARN";
    public static final String SESSION_WORKFLOW_VARIABLE = "SESSION_STATE_MACHINE_ARN";

    private final RestApi api;
    private final Map<String, JavaFunction> functions;

    public ApiStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        api = RestApi.Builder.create(this, "Api")
                .restApiName(getStackName())
                .description("breakfix REST API; built from ApiRoutes.ALL")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE_NAME)
                        .metricsEnabled(true)
                        .throttlingRateLimit(50)
                        .throttlingBurstLimit(100)
                        .build())
                .build();

        functions = new LinkedHashMap<>();
        Map<String, Set<Uses>> uses = usesByFunction(props.routes());
        handlersByFunction(props.routes()).forEach((name, handler) -> {
            JavaFunction function = new JavaFunction(this, name, JavaFunction.Props.api(handler, props.apiPackage(),
                    environment(props.data(), uses.get(name), props.sessionWorkflow()))
                    .withSecretsExtension(uses.get(name).contains(Uses.MASTER_SECRET)));
            grant(function, uses.get(name), props.data(), props.sessionWorkflow());
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
    }

    public RestApi api() {
        return api;
    }

    /** The functions by their route-table name. */
    public Map<String, JavaFunction> functions() {
        return Collections.unmodifiableMap(functions);
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
     * gateway calls. Its answer is cached per Authorization header for a few minutes.
     */
    private RequestAuthorizer callerAuthorizer(Props props) {
        JavaFunction function = new JavaFunction(this, "CallerAuthorizer", JavaFunction.Props.api(
                ApiRoutes.AUTHORIZER.getName() + "::handleRequest", props.apiPackage(),
                environment(props.data(), ApiRoutes.AUTHORIZER_USES, props.sessionWorkflow()))
                .withSecretsExtension(true));
        grant(function, ApiRoutes.AUTHORIZER_USES, props.data(), props.sessionWorkflow());
        functions.put("CallerAuthorizer", function);
        return RequestAuthorizer.Builder.create(this, "Callers")
                .handler(function.alias())
                .identitySources(List.of(IdentitySource.header("Authorization")))
                .resultsCacheTtl(Duration.minutes(5))
                .build();
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
    private static Map<String, String> environment(StatefulStack.Data data, Set<Uses> uses,
            Optional<IStateMachine> workflow) {
        Map<String, String> environment = new LinkedHashMap<>();
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

    /** Least privilege: each function may touch exactly what its routes declare. */
    private static void grant(JavaFunction function, Set<Uses> uses, StatefulStack.Data data,
            Optional<IStateMachine> workflow) {
        IFunction lambda = function.function();
        data.tables().forEach((spec, table) -> {
            Uses use = TABLE_USES.get(spec.id());
            if (uses.contains(use)) {
                if (use == Uses.ROUTES) {
                    table.grantReadData(lambda);
                } else {
                    table.grantReadWriteData(lambda);
                }
            }
        });
        if (uses.contains(Uses.RECORDINGS)) {
            data.recordings().grantRead(lambda);
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
            Tables.ROUTES.id(), Uses.ROUTES);

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
