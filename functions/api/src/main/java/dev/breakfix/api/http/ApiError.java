package dev.breakfix.api.http;

/**
 * A refusal the caller can act on: an HTTP status, a stable UPPER_SNAKE code and a sentence.
 * Never carries internal names or exception text.
 */
public record ApiError(int status, String code, String message) {

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
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
