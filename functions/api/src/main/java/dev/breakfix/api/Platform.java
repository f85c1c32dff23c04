package dev.breakfix.api;

import dev.breakfix.scenario.ScenarioCatalog;
import java.time.Clock;

/**
 * What the handlers depend on. {@link AwsPlatform} builds it from the Lambda environment; the local
 * runtime builds its own from local adapters. Handlers take it in their constructors.
 */
public interface Platform {
    ScenarioCatalog catalog();

    Clock clock();
}
