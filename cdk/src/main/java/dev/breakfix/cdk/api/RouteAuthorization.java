package dev.breakfix.cdk.api;

import dev.breakfix.api.ApiRoutes.Access;
import dev.breakfix.api.ApiRoutes.Route;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.IAuthorizer;
import software.amazon.awscdk.services.apigateway.MethodOptions;

/**
 * Turns a route's {@link Access} into API Gateway method options: the one switch where callers are
 * authenticated.
 *
 * <p>{@code PUBLIC} routes take no credentials. {@code CALLER} routes go through the REQUEST
 * authorizer ({@code ApiRoutes.AUTHORIZER}: anonymous tokens, signed-in users, partner keys) and require
 * an API key, which the authorizer supplies for every caller it lets in ({@code usageIdentifierKey}: the
 * partner's own key, else the website's; the API's key source is {@code AUTHORIZER}), so that the usage
 * plans' throttles and quotas apply (docs/decisions/0016). Without an authorizer, a {@code CALLER} route
 * is refused rather than deployed open.
 */
public final class RouteAuthorization {
    private final IAuthorizer callers;

    private RouteAuthorization(IAuthorizer callers) {
        this.callers = callers;
    }

    /** Public routes only: any route that needs a caller is refused. */
    public static RouteAuthorization publicOnly() {
        return new RouteAuthorization(null);
    }

    /** {@code CALLER} routes go through {@code authorizer}. */
    public static RouteAuthorization callers(IAuthorizer authorizer) {
        return new RouteAuthorization(authorizer);
    }

    public MethodOptions methodOptions(Route route) {
        return switch (route.access()) {
            case PUBLIC -> MethodOptions.builder()
                    .authorizationType(AuthorizationType.NONE)
                    .apiKeyRequired(false)
                    .build();
            case CALLER -> {
                if (callers == null) {
                    throw new IllegalStateException(route.method() + " " + route.path()
                            + " needs an authenticated caller, but no authorizer was given to RouteAuthorization");
                }
                yield MethodOptions.builder()
                        .authorizationType(AuthorizationType.CUSTOM)
                        .authorizer(callers)
                        .apiKeyRequired(true)
                        .build();
            }
        };
    }
}
