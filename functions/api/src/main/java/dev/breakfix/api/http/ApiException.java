package dev.breakfix.api.http;

/** Thrown while reading a request that cannot be served; the handler answers with its error. */
public final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.code(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
