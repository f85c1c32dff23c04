package dev.breakfix.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scenarios the build packs into the function are the real ones, and they are valid. */
class ShippedCatalogTest {

    @Test
    void packagedCatalog_shouldLoad_andHoldAtLeastThreeScenarios() {
        ScenarioCatalog catalog = ScenarioFolders.load(Path.of("target/classes/scenarios"));

        assertThat(catalog.all()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Path.of("target/classes/scenarios/base")).doesNotExist();
    }
}
