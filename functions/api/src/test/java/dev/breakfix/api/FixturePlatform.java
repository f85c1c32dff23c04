package dev.breakfix.api;

import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Handlers' dependencies for tests: the fixture scenarios under test resources and a fixed clock. */
public final class FixturePlatform implements Platform {
    private final ScenarioCatalog catalog = ScenarioFolders.load(resource("scenarios"));

    @Override
    public ScenarioCatalog catalog() {
        return catalog;
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    }

    static Path resource(String name) {
        try {
            return Path.of(FixturePlatform.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
