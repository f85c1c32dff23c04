package dev.breakfix.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.ApiRoutes;
import dev.breakfix.api.ApiRoutes.Lookup;
import dev.breakfix.api.Platform;
import dev.breakfix.api.auth.AuthorizerResponse;
import dev.breakfix.api.auth.CallerAuthorizerHandler;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.local.identity.LocalUsagePlans;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The local stand-in for API Gateway: turns each {@code /api/*} request into the proxy event API
 * Gateway would send, calls the same handler class the route table names, and writes its response.
 * Routes that need a caller first go through the same REQUEST authorizer class as on AWS, whose
 * context lands in the event's {@code requestContext.authorizer}, and then through the usage plan of
 * the API key it named (a partner's throttle and daily quota: {@link LocalUsagePlans}), answering 429
 * {@code THROTTLED} or {@code QUOTA} with {@code Retry-After} as API Gateway's gateway responses do.
 */
final class LocalApiGateway extends Handler.Abstract {
    /** API Gateway refuses payloads over 10 MB; locally the limit is tighter, the answer the same kind. */
    static final int MAX_BODY_BYTES = 1 << 20;

    /**
     * API Gateway caches a REQUEST authorizer's answer per identity sources for the TTL the CDK app
     * sets ({@link ApiRoutes#AUTHORIZER_RESULTS_TTL}); the local gateway does the same, so a revoked
     * credential keeps working for as long here as there. The TTL is zero today: callers come with
     * different headers (a token, or a partner's key and candidate), so the authorizer runs every time.
     */
    static final Duration AUTHORIZER_CACHE_TTL = ApiRoutes.AUTHORIZER_RESULTS_TTL;
    private static final int AUTHORIZER_CACHE_ENTRIES = 10_000;
    /** What the cache is keyed by when it is on: every header a caller identifies itself with. */
    private static final List<String> IDENTITY_HEADERS = List.of("Authorization", CallerAuthorizerHandler.API_KEY_HEADER,
            CallerAuthorizerHandler.CANDIDATE_HEADER);

    private final Map<ApiRoutes.Route, ApiHandler> handlers = new HashMap<>();
    private final CallerAuthorizerHandler authorizer;
    private final LocalUsagePlans usagePlans;
    private final Clock clock;
    private final Map<String, CachedAnswer> authorizerCache = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CachedAnswer> eldest) {
                    return size() > AUTHORIZER_CACHE_ENTRIES;
                }
            });

    private record CachedAnswer(Authorization answer, Instant until) {}

    /** What the authorizer said: a caller (its context, the key it counts against), no one (401), or it failed (500). */
    private sealed interface Authorization {
        record Caller(Map<String, Object> context, Optional<String> usageKey) implements Authorization {}

        record Unauthorized() implements Authorization {}

        record Failed() implements Authorization {}
    }

    LocalApiGateway(Platform platform, LocalUsagePlans usagePlans) {
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            handlers.put(route, route.create().apply(platform));
        }
        this.authorizer = new CallerAuthorizerHandler(platform);
        this.usagePlans = usagePlans;
        this.clock = platform.clock();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws InterruptedException {
        String path = Request.getPathInContext(request);
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return false;
        }
        Lookup lookup = ApiRoutes.lookup(request.getMethod(), path);
        APIGatewayProxyResponseEvent answer;
        if (lookup instanceof Lookup.Found found) {
            answer = invoke(found, request, path);
        } else if (lookup instanceof Lookup.MethodNotAllowed notAllowed) {
            answer = withHeader(ApiResponses.error(ApiError.methodNotAllowed(request.getMethod())),
                    "Allow", String.join(", ", notAllowed.allowed()));
        } else {
            answer = ApiResponses.error(ApiError.routeNotFound());
        }
        write(answer, response, callback);
        return true;
    }

    private APIGatewayProxyResponseEvent invoke(Lookup.Found found, Request request, String path)
            throws InterruptedException {
        long declaredLength = request.getLength();
        if (declaredLength > MAX_BODY_BYTES) {
            return ApiResponses.error(new ApiError(413, "PAYLOAD_TOO_LARGE", "The request body is too large."));
        }
        ByteBuffer body;
        try {
            body = Content.Source.asByteBufferAsync(request, MAX_BODY_BYTES).get();
        } catch (ExecutionException tooLargeOrBroken) {
            return ApiResponses.error(new ApiError(413, "PAYLOAD_TOO_LARGE", "The request body is too large."));
        }
        String requestId = UUID.randomUUID().toString();
        APIGatewayProxyRequestEvent event = toEvent(found, request, path, body, requestId);
        if (found.route().access() == ApiRoutes.Access.CALLER) {
            Authorization authorization = authorize(event, requestId);
            if (authorization instanceof Authorization.Failed) {
                return ApiResponses.error(ApiError.authorizerFailed());
            }
            if (!(authorization instanceof Authorization.Caller caller)) {
                return ApiResponses.error(ApiError.unauthorized());
            }
            // What API Gateway's usage plans do, for the key the authorizer named.
            LocalUsagePlans.Admission admission = usagePlans.admit(caller.usageKey());
            if (admission instanceof LocalUsagePlans.Admission.Throttled throttled) {
                return ApiResponses.error(ApiError.throttled(throttled.retryAfterSeconds()));
            }
            if (admission instanceof LocalUsagePlans.Admission.OverQuota over) {
                return ApiResponses.error(ApiError.quotaExceeded(over.retryAfterSeconds()));
            }
            event.getRequestContext().setAuthorizer(caller.context());
        }
        return handlers.get(found.route()).handleRequest(event,
                LocalLambdaContext.forApi(requestId, found.route().function()));
    }

    /** What API Gateway does with a REQUEST authorizer: asks it (or its cache, when the TTL allows one). */
    private Authorization authorize(APIGatewayProxyRequestEvent request, String requestId) {
        if (AUTHORIZER_CACHE_TTL.isZero()) {
            return askAuthorizer(request, requestId);
        }
        List<String> identity = new ArrayList<>();
        for (String header : IDENTITY_HEADERS) {
            Optional<String> value = dev.breakfix.api.http.Requests.header(request, header);
            if (value.isEmpty()) {
                // With a cache, API Gateway answers 401 without calling the authorizer when an identity source is missing.
                return new Authorization.Unauthorized();
            }
            identity.add(value.get());
        }
        String key = String.join("\n", identity);
        Instant now = clock.instant();
        CachedAnswer cached = authorizerCache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.answer();
        }
        Authorization answer = askAuthorizer(request, requestId);
        if (!(answer instanceof Authorization.Failed)) {
            authorizerCache.put(key, new CachedAnswer(answer, now.plus(AUTHORIZER_CACHE_TTL)));
        }
        return answer;
    }

    private Authorization askAuthorizer(APIGatewayProxyRequestEvent request, String requestId) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn("arn:aws:execute-api:us-east-1:000000000000:local/local/" + request.getHttpMethod()
                + request.getResource());
        event.setResource(request.getResource());
        event.setPath(request.getPath());
        event.setHttpMethod(request.getHttpMethod());
        event.setHeaders(request.getHeaders());
        event.setQueryStringParameters(request.getQueryStringParameters());
        event.setPathParameters(request.getPathParameters());
        AuthorizerResponse answer;
        try {
            answer = authorizer.handleRequest(event, LocalLambdaContext.forApi(requestId, "CallerAuthorizer"));
        } catch (RuntimeException refused) {
            // API Gateway: the message "Unauthorized" is a 401; any other failure of the authorizer a 500.
            return CallerAuthorizerHandler.UNAUTHORIZED.equals(refused.getMessage())
                    ? new Authorization.Unauthorized() : new Authorization.Failed();
        }
        Map<String, Object> context = new LinkedHashMap<>(answer.getContext());
        context.put("principalId", answer.getPrincipalId());
        return new Authorization.Caller(context, Optional.ofNullable(answer.getUsageIdentifierKey()));
    }

    private static APIGatewayProxyRequestEvent toEvent(Lookup.Found found, Request request, String path,
            ByteBuffer body, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.put(field.getName(), field.getValue());
            multiHeaders.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        for (Fields.Field field : fields) {
            query.put(field.getName(), field.getValues().get(field.getValues().size() - 1));
            multiQuery.put(field.getName(), field.getValues());
        }
        Map<String, String> pathParameters = new LinkedHashMap<>();
        found.pathParameters().forEach((name, raw) ->
                pathParameters.put(name, URLDecoder.decode(raw, StandardCharsets.UTF_8)));

        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        boolean text = isText(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        String eventBody = bytes.length == 0 ? null
                : text ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes);

        ProxyRequestContext context = new ProxyRequestContext()
                .withRequestId(requestId)
                .withStage("local")
                .withResourcePath(found.route().path())
                .withHttpMethod(request.getMethod())
                .withPath(path)
                .withAccountId("000000000000")
                .withApiId("local")
                .withIdentity(new RequestIdentity()
                        .withSourceIp(Request.getRemoteAddr(request))
                        .withUserAgent(request.getHeaders().get(HttpHeader.USER_AGENT)));
        return new APIGatewayProxyRequestEvent()
                .withResource(found.route().path())
                .withPath(path)
                .withHttpMethod(request.getMethod())
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context)
                .withBody(eventBody)
                .withIsBase64Encoded(eventBody != null && !text);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase();
        return type.startsWith("text/") || type.contains("json") || type.contains("x-www-form-urlencoded");
    }

    private static APIGatewayProxyResponseEvent withHeader(APIGatewayProxyResponseEvent event, String name,
            String value) {
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
        headers.put(name, value);
        return event.withHeaders(headers);
    }

    private static void write(APIGatewayProxyResponseEvent answer, Response response, Callback callback) {
        response.setStatus(answer.getStatusCode());
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach(response.getHeaders()::put);
        }
        if (answer.getMultiValueHeaders() != null) {
            answer.getMultiValueHeaders().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        }
        String body = answer.getBody();
        byte[] bytes = body == null ? new byte[0]
                : Boolean.TRUE.equals(answer.getIsBase64Encoded()) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
