package dev.breakfix.local;

import dev.breakfix.api.Platform;
import dev.breakfix.scenario.ScenarioCatalog;
import java.time.Clock;

/** The handlers' dependencies, wired to local adapters and emulators. */
final class LocalPlatform implements Platform {
    private final ScenarioCatalog catalog;
    private final Clock clock;

    LocalPlatform(ScenarioCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public ScenarioCatalog catalog() {
        return catalog;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
