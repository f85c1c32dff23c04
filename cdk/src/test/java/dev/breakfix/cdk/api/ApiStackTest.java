package dev.breakfix.cdk.api;

import static dev.breakfix.cdk.TestApps.json;
import static dev.breakfix.cdk.TestApps.parse;
import static dev.breakfix.cdk.TestApps.ref;
import static dev.breakfix.cdk.TestApps.resourceAt;
import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.ApiRoutes;
import dev.breakfix.api.ApiRoutes.Access;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.api.ApiRoutes.Uses;
import dev.breakfix.api.auth.IdentityEnvironment;
import dev.breakfix.api.catalog.GetScenarioHandler;
import dev.breakfix.api.catalog.ListScenariosHandler;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.TestApps;
import dev.breakfix.cdk.constructs.JavaFunction;
import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import java.nio.file.Path;
import java.util.HashMap;
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
import software.amazon.awscdk.assertions.Template;

/** The API stack as the app builds it from {@link ApiRoutes#ALL}. */
class ApiStackTest {
    @TempDir
    static Path folder;

    private static JsonNode template;
    private static JsonNode statefulTemplate;
    private static Map<String, String> resourcePaths;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().api());
        statefulTemplate = app.template(app.stacks().stateful());
        resourcePaths = resourcePaths(template);
    }

    static Stream<Route> routes() {
        return ApiRoutes.ALL.stream();
    }

    static Stream<Route> publicRoutes() {
        return ApiRoutes.ALL.stream().filter(route -> route.access() == Access.PUBLIC);
    }

    static Stream<String> routePaths() {
        return ApiRoutes.ALL.stream().map(Route::path).distinct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void route_shouldBeAMethodOnItsPathIntegratedWithItsFunctionsAlias_forEveryRoute(Route route) {
        // given the route's function as the app names it
        String alias = resourceAt(template, BreakfixApp.API_STACK + "/" + route.function() + "/Alias").getKey();

        // when looking up the method on the route's path
        JsonNode method = method(route.method(), route.path());

        // then it hands the whole request to that function's alias
        JsonNode integration = method.path("Properties").path("Integration");
        assertThat(integration.path("Type").asText()).isEqualTo("AWS_PROXY");
        assertThat(integration.path("IntegrationHttpMethod").asText()).isEqualTo("POST");
        assertThat(integration.path("Uri").path("Fn::Join").get(1)).contains(ref(alias));
        assertThat(resources(template, "AWS::Lambda::Permission").values())
                .anySatisfy(permission -> {
                    assertThat(permission.path("Properties").path("FunctionName")).isEqualTo(ref(alias));
                    assertThat(permission.path("Properties").path("Principal").asText())
                            .isEqualTo("apigateway.amazonaws.com");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicRoutes")
    void route_shouldTakeNoCredentials_whenPublic(Route route) {
        JsonNode properties = method(route.method(), route.path()).path("Properties");

        assertThat(properties.path("AuthorizationType").asText()).isEqualTo("NONE");
        assertThat(properties.path("ApiKeyRequired").asBoolean(false)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void alias_shouldPointAtThePublishedVersionOfTheRoutesHandler_forEveryRoute(Route route) {
        String prefix = BreakfixApp.API_STACK + "/" + route.function();
        Map.Entry<String, JsonNode> function = resourceAt(template, prefix + "/Function");
        JsonNode alias = resourceAt(template, prefix + "/Alias").getValue().path("Properties");

        assertThat(function.getValue().path("Properties").path("Handler").asText())
                .isEqualTo(route.handler().getName() + "::handleRequest");
        assertThat(alias.path("Name").asText()).isEqualTo(JavaFunction.ALIAS_NAME);
        assertThat(alias.path("FunctionName")).isEqualTo(ref(function.getKey()));
        String version = alias.path("FunctionVersion").path("Fn::GetAtt").get(0).asText();
        JsonNode versionResource = template.path("Resources").path(version);
        assertThat(versionResource.path("Type").asText()).isEqualTo("AWS::Lambda::Version");
        assertThat(versionResource.path("Properties").path("FunctionName")).isEqualTo(ref(function.getKey()));
    }

    @Test
    void functions_shouldBeOnePerFunctionName_inTheRouteTable_plusTheAuthorizer() {
        Set<String> names = ApiRoutes.ALL.stream().map(Route::function).collect(Collectors.toSet());

        assertThat(resources(template, "AWS::Lambda::Function")).hasSize(names.size() + 1);
        assertThat(resources(template, "AWS::Lambda::Alias")).hasSize(names.size() + 1);
    }

    @Test
    void callerRoutes_shouldGoThroughTheRequestAuthorizer_andPublicRoutesTakeNoCredentials() {
        Map<String, JsonNode> authorizers = resources(template, "AWS::ApiGateway::Authorizer");
        assertThat(authorizers).hasSize(1);
        Map.Entry<String, JsonNode> authorizer = authorizers.entrySet().iterator().next();
        assertThat(authorizer.getValue().path("Properties").path("Type").asText()).isEqualTo("REQUEST");
        // no result cache (ApiRoutes.AUTHORIZER_RESULTS_TTL), hence no identity source API Gateway would require
        assertThat(authorizer.getValue().path("Properties").path("IdentitySource").asText())
                .isEqualTo(ApiRoutes.AUTHORIZER_RESULTS_TTL.isZero() ? "" : "method.request.header.Authorization");

        for (Route route : ApiRoutes.ALL) {
            JsonNode method = method(route.method(), route.path()).path("Properties");
            if (route.access() == Access.CALLER) {
                assertThat(method.path("AuthorizationType").asText()).as(route.path()).isEqualTo("CUSTOM");
                assertThat(method.path("AuthorizerId")).as(route.path()).isEqualTo(ref(authorizer.getKey()));
                // the usage plans apply: the authorizer returns the key every request counts against
                assertThat(method.path("ApiKeyRequired").asBoolean()).as(route.path()).isTrue();
            } else {
                assertThat(method.path("AuthorizationType").asText()).as(route.path()).isEqualTo("NONE");
            }
        }
        assertThat(authorizer.getValue().path("Properties").path("AuthorizerResultTtlInSeconds").asInt()).isZero();
        assertThat(resourceAt(template, BreakfixApp.API_STACK + "/Api").getValue().path("Properties")
                .path("ApiKeySourceType").asText()).isEqualTo("AUTHORIZER");
    }

    @Test
    void signInFunctions_shouldGetTheUserPoolItsHostedPagesAndTheWebsitesClient_fromTheStatefulStack() {
        // given the functions whose routes use SIGN_IN (the sign-in settings route) and the authorizer
        List<String> names = declaredUses().entrySet().stream().filter(e -> e.getValue().contains(Uses.SIGN_IN))
                .map(Map.Entry::getKey).toList();
        assertThat(names).contains("GetSignInSettings", "CallerAuthorizer");
        String client = resourceAt(statefulTemplate, BreakfixApp.STATEFUL_STACK + "/WebClient").getKey();
        String pool = resourceAt(statefulTemplate, BreakfixApp.STATEFUL_STACK + "/Users").getKey();

        for (String name : names) {
            JsonNode variables = variables(name);
            // then every sign-in variable is set but the two Cognito does not use (aud, a JWKS other than the issuer's)
            for (String variable : IdentityEnvironment.SIGN_IN_VARIABLES) {
                boolean optional = variable.equals(IdentityEnvironment.AUDIENCE) || variable.equals(IdentityEnvironment.JWKS_URL);
                assertThat(variables.has(variable)).as(name + " " + variable).isEqualTo(!optional);
            }
            assertThat(variables.path(IdentityEnvironment.CLIENT_ID).toString()).as(name).contains("ExportsOutputRef" + client);
            assertThat(variables.path(IdentityEnvironment.ISSUER).toString()).as(name)
                    .contains("https://cognito-idp.").contains("ExportsOutputRef" + pool);
            assertThat(variables.path(IdentityEnvironment.AUTHORIZATION_ENDPOINT).toString()).contains("/oauth2/authorize");
            assertThat(variables.path(IdentityEnvironment.TOKEN_ENDPOINT).toString()).contains("/oauth2/token");
            assertThat(variables.path(IdentityEnvironment.LOGOUT_ENDPOINT).toString()).contains("/logout");
            assertThat(variables.path(IdentityEnvironment.LOGOUT_REDIRECT_PARAMETER).asText()).isEqualTo("logout_uri");
            assertThat(variables.path(IdentityEnvironment.SCOPES).asText()).isEqualTo("openid email profile");
        }
        // and no other function learns them
        declaredUses().forEach((name, uses) -> {
            if (!uses.contains(Uses.SIGN_IN)) {
                assertThat(variables(name).has(IdentityEnvironment.CLIENT_ID)).as(name).isFalse();
            }
        });
    }

    @Test
    void anonymousTokens_shouldCountByTheAddressCloudFrontForwards_andNoOtherFunctionReadsIt() {
        declaredUses().keySet().forEach(name -> {
            JsonNode header = variables(name).path(IdentityEnvironment.CLIENT_ADDRESS_HEADER);
            if (name.equals("IssueAnonymousToken")) {
                assertThat(header.asText()).isEqualTo("CloudFront-Viewer-Address").isEqualTo(ApiStack.CLIENT_ADDRESS_HEADER);
            } else {
                assertThat(header.isMissingNode()).as(name).isTrue();
            }
        });
    }

    @Test
    void partnerKeys_shouldBeReadOnly_forTheFunctionsThatLookPartnersUp() {
        String partnerKeys = resourceAt(statefulTemplate, BreakfixApp.STATEFUL_STACK + "/" + Tables.PARTNER_KEYS.id()).getKey();
        declaredUses().forEach((name, uses) -> {
            JsonNode statements = resourceAt(template, BreakfixApp.API_STACK + "/" + name + "/Role/DefaultPolicy")
                    .getValue().path("Properties").path("PolicyDocument").path("Statement");
            statements.forEach(statement -> {
                if (statement.path("Resource").toString().contains("ExportsOutputFnGetAtt" + partnerKeys + "Arn")) {
                    assertThat(uses).as(name).contains(Uses.PARTNER_KEYS);
                    assertThat(statement.path("Action").toString()).as(name).doesNotContain("Put").doesNotContain("Update")
                            .doesNotContain("Delete").doesNotContain("Write");
                }
            });
        });
        assertThat(declaredUses().get("CallerAuthorizer")).contains(Uses.PARTNER_KEYS);
    }

    private static JsonNode variables(String function) {
        return resourceAt(template, BreakfixApp.API_STACK + "/" + function + "/Function").getValue()
                .path("Properties").path("Environment").path("Variables");
    }

    @Test
    void functions_shouldBeJava17OnArm64WithSnapStart_always() {
        Map<String, JsonNode> functions = resources(template, "AWS::Lambda::Function");
        assertThat(functions).isNotEmpty();

        functions.forEach((id, function) -> {
            JsonNode properties = function.path("Properties");
            assertThat(properties.path("Runtime").asText()).as(id).isEqualTo("java17");
            assertThat(properties.path("Architectures")).as(id).containsExactly(TestApps.JSON.valueToTree("arm64"));
            assertThat(properties.path("SnapStart").path("ApplyOn").asText()).as(id).isEqualTo("PublishedVersions");
        });
    }

    @Test
    void functions_shouldLogToTheirOwnGroupWithRetention_always() {
        resources(template, "AWS::Lambda::Function").forEach((id, function) -> {
            String group = function.path("Properties").path("LoggingConfig").path("LogGroup").path("Ref").asText();
            JsonNode logGroup = template.path("Resources").path(group);
            assertThat(logGroup.path("Type").asText()).as(id).isEqualTo("AWS::Logs::LogGroup");
            assertThat(logGroup.path("Properties").path("RetentionInDays").asInt()).as(id).isPositive();
        });
    }

    /** What each function's routes declare they use, the authorizer included. */
    private static Map<String, Set<Uses>> declaredUses() {
        Map<String, Set<Uses>> uses = new java.util.LinkedHashMap<>(ApiStack.usesByFunction(ApiRoutes.ALL));
        uses.put("CallerAuthorizer", ApiRoutes.AUTHORIZER_USES);
        return uses;
    }

    private static Uses useOf(TableSpec spec) {
        return ApiStack.useOf(spec).orElseThrow(() -> new AssertionError("no Uses for table " + spec.id()));
    }

    @Test
    void functions_shouldGetTheNamesOfWhatTheirRoutesUse_andNoOthers() {
        declaredUses().forEach((name, uses) -> {
            JsonNode variables = resourceAt(template, BreakfixApp.API_STACK + "/" + name + "/Function").getValue()
                    .path("Properties").path("Environment").path("Variables");

            assertThat(variables.path("POWERTOOLS_SERVICE_NAME").asText()).as(name).isEqualTo("breakfix");
            for (TableSpec spec : Tables.ALL) {
                assertThat(variables.has(spec.environmentVariable())).as(name + " " + spec.environmentVariable())
                        .isEqualTo(uses.contains(useOf(spec)));
                if (uses.contains(useOf(spec))) {
                    String table = resourceAt(statefulTemplate, BreakfixApp.STATEFUL_STACK + "/" + spec.id()).getKey();
                    assertThat(variables.path(spec.environmentVariable()).path("Fn::ImportValue").asText())
                            .contains("ExportsOutputRef" + table);
                }
            }
            assertThat(variables.has(ApiStack.MASTER_SECRET_VARIABLE)).as(name + " master secret")
                    .isEqualTo(uses.contains(Uses.MASTER_SECRET));
            assertThat(variables.has(ApiStack.RECORDINGS_BUCKET_VARIABLE)).as(name + " recordings")
                    .isEqualTo(uses.contains(Uses.RECORDINGS));
        });
    }

    @Test
    void functions_shouldBeGrantedOnlyTheTablesAndSecretTheirRoutesUse() {
        String secret = resourceAt(statefulTemplate, BreakfixApp.STATEFUL_STACK + "/MasterSecret").getKey();
        declaredUses().forEach((name, uses) -> {
            String policy = resourceAt(template, BreakfixApp.API_STACK + "/" + name + "/Role/DefaultPolicy")
                    .getValue().path("Properties").path("PolicyDocument").toString();
            for (TableSpec spec : Tables.ALL) {
                String table = resourceAt(statefulTemplate, BreakfixApp.STATEFUL_STACK + "/" + spec.id()).getKey();
                assertThat(policy.contains("ExportsOutputFnGetAtt" + table + "Arn"))
                        .as(name + " may touch " + spec.id()).isEqualTo(uses.contains(useOf(spec)));
            }
            assertThat(policy.contains("ExportsOutputRef" + secret)).as(name + " may read the master secret")
                    .isEqualTo(uses.contains(Uses.MASTER_SECRET));
            assertThat(policy.contains("secretsmanager:GetSecretValue")).as(name + " calls GetSecretValue itself")
                    .isEqualTo(uses.contains(Uses.MASTER_SECRET));
            if (uses.contains(Uses.ROUTES) && !uses.contains(Uses.SESSIONS)) {
                assertThat(policy).as(name).doesNotContain("dynamodb:PutItem");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routePaths")
    void otherMethods_shouldAnswer405WithAllow_onEveryRoutePath(String path) {
        Set<String> allowed = ApiRoutes.ALL.stream().filter(route -> route.path().equals(path))
                .map(Route::method).collect(Collectors.toCollection(TreeSet::new));

        JsonNode integration = mock(method("ANY", path), 405);

        assertThat(integration.path("ResponseParameters").path("method.response.header.Allow").asText())
                .isEqualTo("'" + String.join(", ", allowed) + "'");
        JsonNode body = parse(integration.path("ResponseTemplates").path("application/json").asText());
        assertThat(body.path("error").path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(body.path("error").path("message").asText())
                .isEqualTo(ApiError.methodNotAllowed("$context.httpMethod").message());
    }

    @Test
    void unknownPaths_shouldAnswer404RouteNotFound_underApi() {
        JsonNode expected = parse("{\"error\":{\"code\":\"ROUTE_NOT_FOUND\",\"message\":\"There is no such API path.\"}}");

        for (String path : List.of("/api/{proxy+}", "/api")) {
            JsonNode integration = mock(method("ANY", path), 404);
            assertThat(parse(integration.path("ResponseTemplates").path("application/json").asText()))
                    .as(path).isEqualTo(expected);
        }
    }

    @Test
    void methods_shouldBeOnlyTheRoutesAndTheCatchAlls_always() {
        long paths = routePaths().count();

        assertThat(resources(template, "AWS::ApiGateway::Method"))
                .hasSize(ApiRoutes.ALL.size() + (int) paths + 2);
    }

    @Test
    void gatewayResponses_shouldAnswerInTheErrorShape_forEveryType() {
        Map<String, JsonNode> responses = new HashMap<>();
        resources(template, "AWS::ApiGateway::GatewayResponse").values()
                .forEach(response -> responses.put(response.path("Properties").path("ResponseType").asText(),
                        response.path("Properties")));

        assertThat(responses.keySet()).contains("DEFAULT_4XX", "DEFAULT_5XX", "MISSING_AUTHENTICATION_TOKEN",
                "RESOURCE_NOT_FOUND", "THROTTLED", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "UNAUTHORIZED", "ACCESS_DENIED");
        // the caller and usage-plan refusals, with the status and code the local gateway answers
        Map<String, String> refusals = Map.of("UNAUTHORIZED", "401 UNAUTHORIZED", "THROTTLED", "429 THROTTLED",
                "QUOTA_EXCEEDED", "429 QUOTA");
        refusals.forEach((type, expected) -> {
            JsonNode response = responses.get(type);
            JsonNode body = parse(response.path("ResponseTemplates").path("application/json").asText());
            assertThat(response.path("StatusCode").asText() + " " + body.path("error").path("code").asText())
                    .as(type).isEqualTo(expected);
            assertThat(body.fieldNames()).toIterable().as(type).containsExactly("error");
        });
        responses.forEach((type, response) -> {
            JsonNode body = parse(response.path("ResponseTemplates").path("application/json").asText());
            assertThat(body.path("error").path("code").asText()).as(type).matches("[A-Z][A-Z_]*[A-Z]");
            assertThat(body.path("error").path("message").asText()).as(type).isNotBlank();
            assertThat(response.path("ResponseParameters").path("gatewayresponse.header.Cache-Control").asText())
                    .as(type).isEqualTo("'no-store'");
        });
        JsonNode missingToken = responses.get("MISSING_AUTHENTICATION_TOKEN");
        assertThat(missingToken.path("StatusCode").asText()).isEqualTo("404");
        assertThat(parse(missingToken.path("ResponseTemplates").path("application/json").asText())
                .path("error").path("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
        assertThat(parse(responses.get("DEFAULT_5XX").path("ResponseTemplates").path("application/json").asText())
                .path("error").path("code").asText()).isEqualTo(ApiError.internal().code());
    }

    @Test
    void handlersByFunction_shouldShareOneFunction_whenRoutesNameTheSameFunctionAndHandler() {
        List<Route> routes = List.of(
                route("GET", "/api/a", "Shared", ListScenariosHandler.class),
                route("POST", "/api/a", "Shared", ListScenariosHandler.class),
                route("GET", "/api/b", "Other", GetScenarioHandler.class));

        assertThat(ApiStack.handlersByFunction(routes)).containsExactly(
                Map.entry("Shared", ListScenariosHandler.class.getName() + "::handleRequest"),
                Map.entry("Other", GetScenarioHandler.class.getName() + "::handleRequest"));
    }

    @Test
    void handlersByFunction_shouldRefuse_whenOneFunctionNamesTwoHandlers() {
        List<Route> routes = List.of(
                route("GET", "/api/a", "Shared", ListScenariosHandler.class),
                route("GET", "/api/b", "Shared", GetScenarioHandler.class));

        assertThatThrownBy(() -> ApiStack.handlersByFunction(routes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Shared");
    }

    @Test
    void allowedMethodsByPath_shouldListMethodsSorted_whenAPathHasSeveral() {
        List<Route> routes = List.of(
                route("POST", "/api/a", "A", ListScenariosHandler.class),
                route("DELETE", "/api/a", "A", ListScenariosHandler.class),
                route("GET", "/api/a", "A", ListScenariosHandler.class));

        assertThat(ApiStack.allowedMethodsByPath(routes).get("/api/a")).containsExactly("DELETE", "GET", "POST");
    }

    @Test
    void allowHeader_shouldListMethodsInOrderWithCommaAndSpace_whenSeveral() {
        assertThat(ApiStack.allowHeader(Set.of("POST", "GET", "DELETE"))).isEqualTo("DELETE, GET, POST");
    }

    @Test
    void allowedMethodsByPath_shouldRefuse_whenARouteIsOutsideApi() {
        List<Route> routes = List.of(route("GET", "/term/x", "A", ListScenariosHandler.class));

        assertThatThrownBy(() -> ApiStack.allowedMethodsByPath(routes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/term/x");
    }

    private static Route route(String method, String path, String function,
            Class<? extends dev.breakfix.api.http.ApiHandler> handler) {
        return new Route(method, path, function, handler, platform -> null, Access.PUBLIC, Set.of());
    }

    private static JsonNode method(String httpMethod, String path) {
        List<JsonNode> found = resources(template, "AWS::ApiGateway::Method").values().stream()
                .filter(method -> httpMethod.equals(method.path("Properties").path("HttpMethod").asText()))
                .filter(method -> path.equals(pathOf(method.path("Properties").path("ResourceId"))))
                .toList();
        assertThat(found).as(httpMethod + " " + path).hasSize(1);
        return found.get(0);
    }

    /** Checks a method is a mock answering {@code status}; returns its one integration response. */
    private static JsonNode mock(JsonNode method, int status) {
        JsonNode properties = method.path("Properties");
        assertThat(properties.path("Integration").path("Type").asText()).isEqualTo("MOCK");
        assertThat(properties.path("Integration").path("IntegrationResponses")).hasSize(1);
        JsonNode response = properties.path("Integration").path("IntegrationResponses").get(0);
        assertThat(response.path("StatusCode").asText()).isEqualTo(String.valueOf(status));
        assertThat(response.has("SelectionPattern")).isFalse();
        assertThat(properties.path("MethodResponses").findValuesAsText("StatusCode"))
                .containsExactly(String.valueOf(status));
        return response;
    }

    private static String pathOf(JsonNode resourceId) {
        return resourceId.has("Ref") ? resourcePaths.get(resourceId.path("Ref").asText()) : "/";
    }

    /** Every API Gateway resource's full path, from its PathPart and its parents'. */
    private static Map<String, String> resourcePaths(JsonNode template) {
        Map<String, JsonNode> resources = resources(template, "AWS::ApiGateway::Resource");
        Map<String, String> paths = new HashMap<>();
        resources.keySet().forEach(id -> paths.put(id, pathOf(id, resources)));
        return paths;
    }

    private static String pathOf(String id, Map<String, JsonNode> resources) {
        JsonNode properties = resources.get(id).path("Properties");
        JsonNode parent = properties.path("ParentId");
        String parentPath = parent.has("Ref") ? pathOf(parent.path("Ref").asText(), resources) : "";
        return parentPath + "/" + properties.path("PathPart").asText();
    }
}
