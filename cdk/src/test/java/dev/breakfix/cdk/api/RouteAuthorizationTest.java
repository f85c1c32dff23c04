package dev.breakfix.cdk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.api.ApiRoutes.Access;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.api.catalog.ListScenariosHandler;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.MethodOptions;

class RouteAuthorizationTest {

    @Test
    void methodOptions_shouldTakeNoCredentials_whenRouteIsPublic() {
        MethodOptions options = RouteAuthorization.publicOnly().methodOptions(route(Access.PUBLIC));

        assertThat(options.getAuthorizationType()).isEqualTo(AuthorizationType.NONE);
        assertThat(options.getApiKeyRequired()).isFalse();
        assertThat(options.getAuthorizer()).isNull();
    }

    @Test
    void methodOptions_shouldRefuseToDeployItOpen_whenRouteNeedsACaller() {
        assertThatThrownBy(() -> RouteAuthorization.publicOnly().methodOptions(route(Access.CALLER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /api/sessions")
                .hasMessageContaining("no authorizer");
    }

    @Test
    void methodOptions_shouldUseTheAuthorizer_whenRouteNeedsACaller() {
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack();
        software.amazon.awscdk.services.apigateway.IAuthorizer authorizer =
                software.amazon.awscdk.services.apigateway.TokenAuthorizer.Builder.create(stack, "A")
                        .handler(software.amazon.awscdk.services.lambda.Function.Builder.create(stack, "F")
                                .runtime(software.amazon.awscdk.services.lambda.Runtime.NODEJS_20_X)
                                .handler("x::y")
                                .code(software.amazon.awscdk.services.lambda.Code.fromInline("x"))
                                .build())
                        .build();

        MethodOptions options = RouteAuthorization.callers(authorizer).methodOptions(route(Access.CALLER));

        assertThat(options.getAuthorizationType()).isEqualTo(AuthorizationType.CUSTOM);
        assertThat(options.getAuthorizer()).isSameAs(authorizer);
    }

    private static Route route(Access access) {
        return new Route("GET", "/api/sessions", "ListSessions", ListScenariosHandler.class, platform -> null, access,
                java.util.Set.of());
    }
}
