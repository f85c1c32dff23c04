package dev.breakfix.gateway;

import dev.breakfix.server.Routes;
import dev.breakfix.session.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes read through a short cache: every tab and reconnect of a session needs its server's address,
 * which does not change while the session is READY. Only found routes are kept, so a route registered
 * a moment ago is seen at once; the session's state, checked on every connection, is what says whether
 * the server may still be used.
 */
final class CachedRoutes implements Routes {
    private static final int MAX_ENTRIES = 10_000;

    private final Routes routes;
    private final Clock clock;
    private final Duration ttl;
    private final Map<SessionId, Cached> cache = new ConcurrentHashMap<>();

    CachedRoutes(Routes routes, Clock clock, Duration ttl) {
        this.routes = routes;
        this.clock = clock;
        this.ttl = ttl;
    }

    private record Cached(Route route, Instant until) {}

    @Override
    public Optional<Route> find(SessionId session) {
        Instant now = clock.instant();
        Cached cached = cache.get(session);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.route());
        }
        Optional<Route> route = routes.find(session);
        if (route.isPresent()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.values().removeIf(c -> !now.isBefore(c.until()));
            }
            if (cache.size() < MAX_ENTRIES) {
                cache.put(session, new Cached(route.get(), now.plus(ttl)));
            }
        } else {
            cache.remove(session);
        }
        return route;
    }
}
