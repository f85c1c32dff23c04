package dev.breakfix.cdk.api;

import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiResponses;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.ResponseType;

/**
 * The errors API Gateway answers by itself, in the shape the handlers and the local gateway use:
 * {@code {"error": {"code", "message"}}} with the same headers as {@link ApiResponses#error}.
 * Bodies are built from {@link ApiError} wherever it has the error, so the texts cannot drift.
 */
final class ErrorResponses {
    static final String JSON = "application/json";

    private static final String CONTENT_TYPE = "Content-Type";

    /** Headers every error carries, taken from {@link ApiResponses#error} (the content type is the template's). */
    static final Map<String, String> HEADERS = headersOf(ApiResponses.error(ApiError.internal()).getHeaders());

    /** VTL for the request's method, so one mapping template names whichever method was refused. */
    static final String REQUEST_METHOD = "$context.httpMethod";

    /**
     * The gateway's own refusals. An unknown path reaches API Gateway as
     * {@code MISSING_AUTHENTICATION_TOKEN} (it answers so to hide which paths exist), so it is
     * rewritten to the local gateway's 404. A status of empty keeps the one API Gateway chose.
     */
    record GatewayError(ResponseType type, Optional<Integer> status, ApiError error) {}

    static final List<GatewayError> GATEWAY_ERRORS = List.of(
            gateway(ResponseType.MISSING_AUTHENTICATION_TOKEN, ApiError.routeNotFound()),
            gateway(ResponseType.RESOURCE_NOT_FOUND, ApiError.routeNotFound()),
            gateway(ResponseType.UNAUTHORIZED,
                    new ApiError(401, "UNAUTHORIZED", "Sign in, or send a valid API key, to use this path.")),
            gateway(ResponseType.EXPIRED_TOKEN,
                    new ApiError(401, "UNAUTHORIZED", "Your sign-in has expired. Sign in again.")),
            gateway(ResponseType.ACCESS_DENIED, new ApiError(403, "FORBIDDEN", "You may not use this path.")),
            gateway(ResponseType.INVALID_API_KEY, new ApiError(403, "INVALID_API_KEY", "The API key is not valid.")),
            gateway(ResponseType.THROTTLED,
                    new ApiError(429, "THROTTLED", "Too many requests. Wait a moment and try again.")),
            gateway(ResponseType.QUOTA_EXCEEDED,
                    new ApiError(429, "QUOTA", "The quota for this API key is used up for this period.")),
            gateway(ResponseType.REQUEST_TOO_LARGE,
                    new ApiError(413, "PAYLOAD_TOO_LARGE", "The request body is too large.")),
            gateway(ResponseType.UNSUPPORTED_MEDIA_TYPE,
                    new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.")),
            new GatewayError(ResponseType.DEFAULT_4_XX, Optional.empty(),
                    new ApiError(400, "BAD_REQUEST", "The request could not be accepted.")),
            new GatewayError(ResponseType.DEFAULT_5_XX, Optional.empty(), ApiError.internal()));

    private ErrorResponses() {}

    private static GatewayError gateway(ResponseType type, ApiError error) {
        return new GatewayError(type, Optional.of(error.status()), error);
    }

    static GatewayResponseOptions gatewayResponse(GatewayError gatewayError) {
        Map<String, String> headers = new LinkedHashMap<>();
        HEADERS.forEach((name, value) -> headers.put(name, quoted(value)));
        GatewayResponseOptions.Builder options = GatewayResponseOptions.builder()
                .type(gatewayError.type())
                .responseHeaders(headers)
                .templates(Map.of(JSON, body(gatewayError.error())));
        gatewayError.status().ifPresent(status -> options.statusCode(String.valueOf(status)));
        return options.build();
    }

    /**
     * An API Gateway mock answering with {@code error}, whatever the request; {@code extraHeaders}
     * are static values (such as {@code Allow}). Only JSON (or no) request bodies are accepted:
     * another content type is refused with 415 in the same error shape.
     */
    static MockIntegration mock(ApiError error, Map<String, String> extraHeaders) {
        Map<String, String> parameters = new LinkedHashMap<>();
        allHeaders(extraHeaders).forEach((name, value) ->
                parameters.put("method.response.header." + name, quoted(value)));
        return MockIntegration.Builder.create()
                .requestTemplates(Map.of(JSON, "{\"statusCode\": " + error.status() + "}"))
                .passthroughBehavior(PassthroughBehavior.NEVER)
                .integrationResponses(List.of(IntegrationResponse.builder()
                        .statusCode(String.valueOf(error.status()))
                        .responseParameters(parameters)
                        .responseTemplates(Map.of(JSON, body(error)))
                        .build()))
                .build();
    }

    /** The method side of {@link #mock}: declares the status and the headers the mock sets. */
    static MethodOptions mockMethod(ApiError error, Map<String, String> extraHeaders) {
        Map<String, Boolean> parameters = new LinkedHashMap<>();
        allHeaders(extraHeaders).keySet().forEach(name -> parameters.put("method.response.header." + name, true));
        return MethodOptions.builder()
                .methodResponses(List.of(MethodResponse.builder()
                        .statusCode(String.valueOf(error.status()))
                        .responseParameters(parameters)
                        .build()))
                .build();
    }

    /** The body a handler answers with for the same error: {@link ApiResponses#error} writes both. */
    static String body(ApiError error) {
        return ApiResponses.error(error).getBody();
    }

    private static Map<String, String> headersOf(Map<String, String> responseHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(responseHeaders);
        if (!JSON.equals(headers.remove(CONTENT_TYPE))) {
            throw new IllegalStateException("API errors are expected to be " + JSON + ", not " + responseHeaders);
        }
        return Collections.unmodifiableMap(headers);
    }

    private static Map<String, String> allHeaders(Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(HEADERS);
        headers.putAll(extraHeaders);
        return headers;
    }

    /** API Gateway takes static header values as single-quoted literals. */
    private static String quoted(String value) {
        return "'" + value + "'";
    }
}
