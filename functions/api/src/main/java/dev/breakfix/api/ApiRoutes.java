package dev.breakfix.api;

import dev.breakfix.api.auth.CallerAuthorizerHandler;
import dev.breakfix.api.auth.GetSignInSettingsHandler;
import dev.breakfix.api.auth.IssueAnonymousTokenHandler;
import dev.breakfix.api.catalog.GetScenarioHandler;
import dev.breakfix.api.catalog.ListScenariosHandler;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.recordings.GetRecordingHandler;
import dev.breakfix.api.recordings.GetReplayHandler;
import dev.breakfix.api.sessions.CheckSessionHandler;
import dev.breakfix.api.sessions.EndSessionHandler;
import dev.breakfix.api.sessions.ExtendSessionHandler;
import dev.breakfix.api.sessions.GetSessionHandler;
import dev.breakfix.api.sessions.ListSessionsHandler;
import dev.breakfix.api.sessions.RevealHintHandler;
import dev.breakfix.api.sessions.StartSessionHandler;
import dev.breakfix.api.terminal.IssueTerminalTicketHandler;
import java.util.EnumSet;
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
        /** A signed-in user, an anonymous token, or a partner key, checked by {@link #AUTHORIZER}. */
        CALLER
    }

    /** The REQUEST authorizer in front of every {@link Access#CALLER} route, on AWS and locally. */
    public static final Class<CallerAuthorizerHandler> AUTHORIZER = CallerAuthorizerHandler.class;

    /**
     * What the authorizer itself uses: the master secret (anonymous tokens), the partner keys, and the
     * sign-in settings (the issuer whose tokens it accepts).
     */
    public static final Set<Uses> AUTHORIZER_USES = EnumSet.of(Uses.MASTER_SECRET, Uses.PARTNER_KEYS, Uses.SIGN_IN);

    /**
     * How long API Gateway may cache the authorizer's answer: not at all. Callers identify themselves
     * with different headers (a Bearer token, or a partner's key and the candidate it acts for), and a
     * REQUEST authorizer with a cache refuses every request that lacks one of its identity sources; so
     * the authorizer runs on every request and caches what is costly itself (the issuer's keys, partner
     * lookups). The CDK app and the local gateway both read this. docs/decisions/0016.
     */
    public static final java.time.Duration AUTHORIZER_RESULTS_TTL = java.time.Duration.ZERO;

    /**
     * What a route's function touches. The CDK app grants exactly these (and passes their names in the
     * environment); nothing else is reachable from the function.
     */
    public enum Uses {
        /** Reads and writes the Sessions table. */
        SESSIONS,
        /** Reads and writes the Counters table (locks, the server count). */
        COUNTERS,
        /** Reads the Routes table. */
        ROUTES,
        /** Reads recordings. */
        RECORDINGS,
        /** Reads the master secret (token signing, SSH keys). */
        MASTER_SECRET,
        /** Starts and resumes session workflow executions. */
        WORKFLOW,
        /** Reads the PartnerKeys table (partners by their key's hash). */
        PARTNER_KEYS,
        /**
         * Reads the sign-in settings: the CDK app passes the identity variables
         * ({@code IdentityEnvironment.SIGN_IN_VARIABLES}: issuer, app client, endpoints).
         */
        SIGN_IN
    }

    /**
     * One method on one path.
     *
     * @param path an API Gateway resource path; {@code {name}} matches one path segment
     * @param function the name of the Lambda function that serves it (several routes may share one)
     * @param handler the handler class Lambda instantiates
     * @param create builds the handler from explicit dependencies (the local runtime, tests)
     * @param uses what the function touches, for least-privilege grants
     */
    public record Route(String method, String path, String function, Class<? extends ApiHandler> handler,
            Function<Platform, ApiHandler> create, Access access, Set<Uses> uses) {
        public Route {
            uses = uses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(uses));
        }
    }

    public static final List<Route> ALL = List.of(
            new Route("GET", "/api/scenarios", "ListScenarios",
                    ListScenariosHandler.class, ListScenariosHandler::new,
                    Access.PUBLIC, Set.of()),
            new Route("GET", "/api/scenarios/{id}", "GetScenario",
                    GetScenarioHandler.class, GetScenarioHandler::new,
                    Access.PUBLIC, Set.of()),
            new Route("POST", "/api/auth/anonymous", "IssueAnonymousToken",
                    IssueAnonymousTokenHandler.class, IssueAnonymousTokenHandler::new,
                    Access.PUBLIC, Set.of(Uses.MASTER_SECRET, Uses.COUNTERS)),
            new Route("GET", "/api/auth/config", "GetSignInSettings",
                    GetSignInSettingsHandler.class, GetSignInSettingsHandler::new,
                    Access.PUBLIC, Set.of(Uses.SIGN_IN)),
            new Route("POST", "/api/sessions", "StartSession",
                    StartSessionHandler.class, StartSessionHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS, Uses.COUNTERS, Uses.WORKFLOW)),
            new Route("GET", "/api/sessions", "ListSessions",
                    ListSessionsHandler.class, ListSessionsHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS)),
            new Route("GET", "/api/sessions/{id}", "GetSession",
                    GetSessionHandler.class, GetSessionHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS)),
            new Route("DELETE", "/api/sessions/{id}", "EndSession",
                    EndSessionHandler.class, EndSessionHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS, Uses.WORKFLOW)),
            new Route("POST", "/api/sessions/{id}/check", "CheckSession",
                    CheckSessionHandler.class, CheckSessionHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS, Uses.ROUTES, Uses.MASTER_SECRET, Uses.WORKFLOW)),
            new Route("POST", "/api/sessions/{id}/hints", "RevealHint",
                    RevealHintHandler.class, RevealHintHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS)),
            new Route("POST", "/api/sessions/{id}/extend", "ExtendSession",
                    ExtendSessionHandler.class, ExtendSessionHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS, Uses.WORKFLOW)),
            new Route("POST", "/api/sessions/{id}/terminal", "IssueTerminalTicket",
                    IssueTerminalTicketHandler.class, IssueTerminalTicketHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS, Uses.MASTER_SECRET)),
            new Route("GET", "/api/sessions/{id}/recording", "GetRecording",
                    GetRecordingHandler.class, GetRecordingHandler::new,
                    Access.CALLER, Set.of(Uses.SESSIONS, Uses.RECORDINGS)),
            new Route("GET", "/api/replays/{id}", "GetReplay",
                    GetReplayHandler.class, GetReplayHandler::new,
                    Access.PUBLIC, Set.of(Uses.SESSIONS, Uses.RECORDINGS)));

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
