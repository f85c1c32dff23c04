package dev.breakfix.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ServerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioImagesTest {

    @Test
    void baseHash_shouldChange_whenThePackageListOrProvisioningChanges(@TempDir Path scenarios) throws Exception {
        // given
        Path base = Files.createDirectories(scenarios.resolve("base"));
        Files.writeString(base.resolve("packages.txt"), "systemd\nopenssh-server\n");
        Files.writeString(base.resolve("provision.sh"), "#!/bin/bash\ntrue\n");
        ScenarioImages images = images(scenarios);
        String first = images.baseHash();

        // when
        String unchanged = images.baseHash();
        Files.writeString(base.resolve("packages.txt"), "systemd\nopenssh-server\nstrace\n");
        String withAPackage = images.baseHash();
        Files.writeString(base.resolve("provision.sh"), "#!/bin/bash\necho changed\n");
        String withNewProvisioning = images.baseHash();

        // then
        assertThat(unchanged).isEqualTo(first);
        assertThat(withAPackage).isNotEqualTo(first);
        assertThat(withNewProvisioning).isNotEqualTo(withAPackage);
    }

    @Test
    void packageList_shouldSkipCommentsAndBlankLines_whenReadingTheBaseList(@TempDir Path dir) throws Exception {
        // given
        Path file = dir.resolve("packages.txt");
        Files.writeString(file, "# the base\nsystemd\n\n  curl   # for HTTP\n#vim\n");

        // when / then
        assertThat(ScenarioImages.packageList(file)).containsExactly("systemd", "curl");
    }

    private static ScenarioImages images(Path scenarios) {
        return new ScenarioImages(new SandboxSettings(scenarios, scenarios.resolve("images"), scenarios.resolve("servers"),
                scenarios.resolve("leases"), "10.200.0.0", 16, Optional.empty()), message -> { });
    }
}
