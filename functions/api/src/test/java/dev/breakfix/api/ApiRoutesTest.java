package dev.breakfix.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.api.ApiRoutes.Lookup;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    @Test
    void lookup_shouldFindARouteAndItsPathParameters() {
        Lookup found = ApiRoutes.lookup("GET", "/api/scenarios/nginx-down");

        assertThat(found).isInstanceOfSatisfying(Lookup.Found.class, f -> {
            assertThat(f.route().path()).isEqualTo("/api/scenarios/{id}");
            assertThat(f.pathParameters()).isEqualTo(Map.of("id", "nginx-down"));
        });
    }

    @Test
    void lookup_shouldIgnoreATrailingSlash() {
        assertThat(ApiRoutes.lookup("GET", "/api/scenarios/")).isInstanceOf(Lookup.Found.class);
    }

    @Test
    void lookup_shouldAnswerNotFound_whenNoPathMatches() {
        assertThat(ApiRoutes.lookup("GET", "/api/nothing")).isInstanceOf(Lookup.NotFound.class);
        assertThat(ApiRoutes.lookup("GET", "/api/scenarios/a/b")).isInstanceOf(Lookup.NotFound.class);
        assertThat(ApiRoutes.lookup("GET", "/api/scenarios//")).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void lookup_shouldAnswerMethodNotAllowed_withTheAllowedMethods_whenOnlyTheMethodIsWrong() {
        assertThat(ApiRoutes.lookup("DELETE", "/api/scenarios"))
                .isEqualTo(new Lookup.MethodNotAllowed(Set.of("GET")));
    }

    @Test
    void routes_shouldBeUniqueAndBuildTheirDeclaredHandler() {
        Set<String> seen = new HashSet<>();
        FixturePlatform platform = new FixturePlatform();
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            assertThat(seen.add(route.method() + " " + route.path())).as(route.path()).isTrue();
            assertThat(route.path()).startsWith("/api/");
            assertThat(route.create().apply(platform)).isInstanceOf(route.handler());
        }
    }
}
