package dev.breakfix.api.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.breakfix.identity.ClientAddress;
import dev.breakfix.session.Owner;
import dev.breakfix.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Reading what a handler needs from an API Gateway request, with a clear 4xx for anything wrong. */
public final class Requests {
    /** Where the authorizer's context puts the caller (see CallerAuthorizerHandler). */
    public static final String OWNER_KIND = "ownerKind";
    public static final String OWNER_ID = "ownerId";
    public static final String CANDIDATE = "candidate";

    private Requests() {}

    /** The caller, as the authorizer established it; 401 if there is none (a route misconfigured as public). */
    public static Owner owner(APIGatewayProxyRequestEvent request) {
        Map<String, Object> context = request.getRequestContext() == null ? null
                : request.getRequestContext().getAuthorizer();
        if (context == null || context.get(OWNER_KIND) == null || context.get(OWNER_ID) == null) {
            throw new ApiException(ApiError.unauthorized());
        }
        try {
            Object candidate = context.get(CANDIDATE);
            return new Owner(Owner.Kind.valueOf(context.get(OWNER_KIND).toString()), context.get(OWNER_ID).toString(),
                    candidate == null ? "" : candidate.toString());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.unauthorized());
        }
    }

    /** The {id} path parameter as a session id; 404 for anything that cannot be one. */
    public static SessionId sessionId(APIGatewayProxyRequestEvent request) {
        String id = request.getPathParameters() == null ? null : request.getPathParameters().get("id");
        if (!SessionId.isValid(id)) {
            throw new ApiException(ApiError.sessionNotFound());
        }
        return new SessionId(id);
    }

    /** The body as a JSON object; an empty body is an empty object when {@code optional}. */
    public static JsonNode jsonBody(APIGatewayProxyRequestEvent request, boolean optional) {
        String body = request.getBody();
        if (body != null && Boolean.TRUE.equals(request.getIsBase64Encoded())) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        if (body == null || body.isBlank()) {
            if (optional) {
                return ApiResponses.JSON.createObjectNode();
            }
            throw new ApiException(ApiError.badRequest("BAD_REQUEST", "The request needs a JSON body."));
        }
        JsonNode node;
        try {
            node = ApiResponses.JSON.readTree(body);
        } catch (Exception e) {
            throw new ApiException(ApiError.badRequest("MALFORMED_JSON", "The request body is not valid JSON."));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ApiError.badRequest("BAD_REQUEST", "The request body must be a JSON object."));
        }
        return node;
    }

    /** A required text field of the body; 400 naming the field otherwise. */
    public static String requiredText(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value instanceof MissingNode || !value.isTextual() || value.asText().isBlank()) {
            throw new ApiException(ApiError.badRequest("BAD_REQUEST", "The field '" + field + "' is required and must be text."));
        }
        return value.asText();
    }

    public static Optional<String> queryParameter(APIGatewayProxyRequestEvent request, String name) {
        Map<String, String> query = request.getQueryStringParameters();
        return query == null ? Optional.empty() : Optional.ofNullable(query.get(name));
    }

    /**
     * The address the request came from: the value of {@code trustedHeader} when the platform names one
     * (a header the CDN in front of the API sets and overwrites, such as {@code CloudFront-Viewer-Address}),
     * else the source address API Gateway saw. Unreadable, it counts as {@code 0.0.0.0}, so a limit
     * per address still holds for it.
     */
    public static ClientAddress clientAddress(APIGatewayProxyRequestEvent request, Optional<String> trustedHeader) {
        Optional<String> fromHeader = trustedHeader.flatMap(name -> header(request, name));
        Optional<String> source = request.getRequestContext() == null || request.getRequestContext().getIdentity() == null
                ? Optional.empty() : Optional.ofNullable(request.getRequestContext().getIdentity().getSourceIp());
        return fromHeader.or(() -> source).flatMap(ClientAddress::parse)
                .orElseGet(() -> ClientAddress.parse("0.0.0.0").orElseThrow());
    }

    public static Optional<String> header(APIGatewayProxyRequestEvent request, String name) {
        if (request.getHeaders() == null) {
            return Optional.empty();
        }
        return request.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
