package dev.breakfix.api;

import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The handlers' dependencies inside Lambda, wired by hand from the environment the CDK app sets.
 * Built once per execution environment (and captured by SnapStart); each piece is made on first use
 * so a function only pays for what it touches.
 */
public final class AwsPlatform implements Platform {
    private static final AwsPlatform INSTANCE = new AwsPlatform(System.getenv());

    private final java.util.Map<String, String> environment;
    private volatile ScenarioCatalog catalog;

    AwsPlatform(java.util.Map<String, String> environment) {
        this.environment = environment;
    }

    public static AwsPlatform instance() {
        return INSTANCE;
    }

    @Override
    public ScenarioCatalog catalog() {
        ScenarioCatalog loaded = catalog;
        if (loaded == null) {
            synchronized (this) {
                if (catalog == null) {
                    catalog = ScenarioFolders.load(scenariosFolder());
                }
                loaded = catalog;
            }
        }
        return loaded;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The catalog ships inside the function's package; Lambda unpacks it under LAMBDA_TASK_ROOT. */
    private Path scenariosFolder() {
        return Optional.ofNullable(environment.get("SCENARIOS_DIR"))
                .or(() -> Optional.ofNullable(environment.get("LAMBDA_TASK_ROOT")).map(root -> root + "/scenarios"))
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException("neither SCENARIOS_DIR nor LAMBDA_TASK_ROOT is set"));
    }
}
