package dev.breakfix.api.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place that turns results and errors into API Gateway responses. */
public final class ApiResponses {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE_JSON = "application/json";

    private ApiResponses() {}

    public static APIGatewayProxyResponseEvent json(int status, JsonNode body) {
        return json(status, body, Map.of());
    }

    public static APIGatewayProxyResponseEvent json(int status, JsonNode body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", CONTENT_TYPE_JSON);
        all.put("X-Content-Type-Options", "nosniff");
        all.putAll(headers);
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(all)
                    .withBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** {@code {"error": {"code", "message"}}} with the error's status. */
    public static APIGatewayProxyResponseEvent error(ApiError error) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode fields = body.putObject("error").put("code", error.code()).put("message", error.message());
        error.details().forEach(fields::put);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        if (error.details().containsKey("retryAfterSeconds")) {
            headers.put("Retry-After", error.details().get("retryAfterSeconds"));
        }
        return json(error.status(), body, headers);
    }
}
