package dev.breakfix.api;

import dev.breakfix.api.catalog.GetScenarioHandler;
import dev.breakfix.api.catalog.ListScenariosHandler;
import dev.breakfix.api.http.ApiHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one route table. The CDK app builds the REST API and its functions from it; the local gateway
 * dispatches requests with it. A route added here exists in both worlds, or in neither.
 */
public final class ApiRoutes {

    /** Who may call a route; API Gateway's authorizers and the local gateway enforce it. */
    public enum Access {
        /** Anyone, without credentials. */
        PUBLIC,
        /** A signed-in user, an anonymous token, or a partner key. */
        CALLER
    }

    /**
     * One method on one path.
     *
     * @param path an API Gateway resource path; {@code {name}} matches one path segment
     * @param function the name of the Lambda function that serves it (several routes may share one)
     * @param handler the handler class Lambda instantiates
     * @param create builds the handler from explicit dependencies (the local runtime, tests)
     */
    public record Route(String method, String path, String function, Class<? extends ApiHandler> handler,
            Function<Platform, ApiHandler> create, Access access) {}

    public static final List<Route> ALL = List.of(
            new Route("GET", "/api/scenarios", "ListScenarios",
                    ListScenariosHandler.class, ListScenariosHandler::new, Access.PUBLIC),
            new Route("GET", "/api/scenarios/{id}", "GetScenario",
                    GetScenarioHandler.class, GetScenarioHandler::new, Access.PUBLIC));

    private ApiRoutes() {}

    /** What a request's method and path lead to. */
    public sealed interface Lookup {
        record Found(Route route, Map<String, String> pathParameters) implements Lookup {}

        record NotFound() implements Lookup {}

        record MethodNotAllowed(Set<String> allowed) implements Lookup {}
    }

    public static Lookup lookup(String method, String path) {
        String[] segments = segments(path);
        Set<String> allowed = new TreeSet<>();
        for (Route route : ALL) {
            Map<String, String> parameters = match(segments(route.path()), segments);
            if (parameters == null) {
                continue;
            }
            if (route.method().equalsIgnoreCase(method)) {
                return new Lookup.Found(route, parameters);
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new Lookup.NotFound() : new Lookup.MethodNotAllowed(allowed);
    }

    private static Map<String, String> match(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                parameters.put(part.substring(1, part.length() - 1), actual[i]);
            } else if (!part.equals(actual[i])) {
                return null;
            }
        }
        return parameters;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.split("/", -1);
    }
}
