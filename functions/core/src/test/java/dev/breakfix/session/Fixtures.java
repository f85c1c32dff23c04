package dev.breakfix.session;

import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ServerLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A small catalog and a clock the use-case tests share. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final Scenario NGINX = new Scenario("nginx-wont-start", "Nginx will not start", "summary",
            Difficulty.EASY, 15, 20, List.of("nginx"), "web-01", "admin", true, List.of("nginx"),
            ServerLimits.DEFAULT, true, List.of("Look at systemctl status.", "Run nginx -t."), "# Fix nginx");
    static final ScenarioCatalog CATALOG = new ScenarioCatalog(List.of(NGINX));
    static final Owner ALICE = Owner.user("alice");
    static final Owner BOB = Owner.user("bob");

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /** A READY session of ALICE's in {@code sessions}, ready at NOW for 15 minutes. */
    static Session readySession(InMemorySessions sessions) {
        Session s = Session.requested(SessionId.random(), ALICE, NGINX.id(), NOW.minusSeconds(5));
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));
        return sessions.markReady(s.id(), NOW, NOW.plusSeconds(900)).orElseThrow();
    }

    private Fixtures() {}
}
