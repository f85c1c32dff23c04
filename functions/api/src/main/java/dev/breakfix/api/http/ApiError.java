package dev.breakfix.api.http;

import java.util.Map;

/**
 * A refusal the caller can act on: an HTTP status, a stable UPPER_SNAKE code and a sentence, and
 * optionally details a client can use (for example the id of the session already running). Never
 * carries internal names or exception text.
 */
public record ApiError(int status, String code, String message, Map<String, String> details) {

    public ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiError withDetail(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(details);
        all.put(name, value);
        return new ApiError(status, code, message, Map.copyOf(all));
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "UNAUTHORIZED",
                "Sign in (or get an anonymous token with POST /api/auth/anonymous) and send it as a Bearer token,"
                        + " or send a valid API key.");
    }

    /** Too many requests of one kind from one caller; {@code Retry-After} says when to try again. */
    public static ApiError rateLimited(String message, long retryAfterSeconds) {
        return new ApiError(429, "RATE_LIMITED", message).withDetail("retryAfterSeconds", Long.toString(retryAfterSeconds));
    }

    /** What API Gateway answers (through the gateway responses) when a key's usage plan throttles it. */
    public static ApiError throttled(long retryAfterSeconds) {
        return new ApiError(429, "THROTTLED", "Too many requests. Wait a moment and try again.")
                .withDetail("retryAfterSeconds", Long.toString(retryAfterSeconds));
    }

    /** What API Gateway answers when a key's daily quota is used up. */
    public static ApiError quotaExceeded(long retryAfterSeconds) {
        return new ApiError(429, "QUOTA", "The quota for this API key is used up for this period.")
                .withDetail("retryAfterSeconds", Long.toString(retryAfterSeconds));
    }

    /** What API Gateway answers when the authorizer could not do its work (the identity provider is down). */
    public static ApiError authorizerFailed() {
        return internal();
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
    }

    public static ApiError sessionNotFound() {
        return notFound("There is no such session.");
    }

    public static ApiError routeNotFound() {
        return new ApiError(404, "ROUTE_NOT_FOUND", "There is no such API path.");
    }

    public static ApiError methodNotAllowed(String method) {
        return new ApiError(405, "METHOD_NOT_ALLOWED", "This path does not accept " + method + ".");
    }

    public static ApiError internal() {
        return new ApiError(500, "INTERNAL", "Something went wrong on our side. Please try again.");
    }
}
