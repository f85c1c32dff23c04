package dev.breakfix.cdk.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioFolders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageComponentsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void base_shouldBeAValidDocument_whoseScriptsDecodeToTheFiles(@TempDir Path folder) throws IOException {
        // given a base folder with a tricky script (quotes, a here-document, YAML-looking text)
        Files.writeString(folder.resolve("packages.txt"), "# comment\nsystemd  # PID 1\n\nopenssh-server\n");
        String provision = "#!/bin/bash\ncat <<'EOF' >/x\nkey: 'value' # not YAML\nEOF\necho \"$HOME\"\n";
        Files.writeString(folder.resolve("provision.sh"), provision);

        // when the component is built
        JsonNode document = YAML.readTree(ImageComponents.base(folder));

        // then it parses, installs the packages and carries the script byte for byte
        JsonNode steps = document.path("phases").get(0).path("steps");
        assertThat(document.path("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(steps.get(0).path("inputs").path("commands").get(0).asText())
                .contains("apt-get install -y --no-install-recommends systemd openssh-server");
        String run = steps.get(1).path("inputs").path("commands").get(0).asText();
        String encoded = run.substring(run.indexOf("echo '") + 6, run.indexOf("' | base64 -d"));
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(provision);
    }

    @Test
    void version_shouldChangeWithTheContent_andBeSemantic() {
        String one = ImageComponents.version(ImageComponents.fingerprint("a"));
        String two = ImageComponents.version(ImageComponents.fingerprint("b"));

        assertThat(one).matches("1\\.0\\.\\d{1,9}").isNotEqualTo(two);
        assertThat(ImageComponents.version(ImageComponents.fingerprint("a"))).isEqualTo(one);
    }

    @Test
    void scenario_shouldRefuse_whenADocumentWouldBeTooLongForImageBuilder(@TempDir Path folder) throws IOException {
        Scenario scenario = scenario(folder, "");
        Files.writeString(folder.resolve("demo-one").resolve("setup.sh"), "#" + "x".repeat(20_000) + "\n");

        assertThatThrownBy(() -> ImageComponents.scenario(scenario, folder.resolve("demo-one")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16000");
    }

    @Test
    void finish_shouldKeepCloudInitAwayFromUsers_andDisableTheAgent() {
        String document = ImageComponents.finish();

        assertThat(document).contains("users: []").contains("systemctl mask amazon-ssm-agent");
    }

    private static Scenario scenario(Path root, String extra) throws IOException {
        Path folder = root.resolve("demo-one");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("scenario.yaml"), """
                id: demo-one
                title: "Demo"
                summary: "A demo."
                difficulty: easy
                timeLimitMinutes: 10
                tags: [demo]
                """ + extra);
        Files.writeString(folder.resolve("description.md"), "Fix it.\n");
        Files.writeString(folder.resolve("setup.sh"), "#!/bin/bash\ntrue\n");
        Files.writeString(folder.resolve("check.sh"), "#!/bin/bash\ntrue\n");
        Files.writeString(folder.resolve("solution.sh"), "#!/bin/bash\ntrue\n");
        // The login-user step reads base/login-user.sh, as the real scenario folders have it.
        Path base = Files.createDirectories(root.resolve("base"));
        Files.copy(dev.breakfix.cdk.RepositoryRoot.findFrom(Path.of("")).path().resolve("scenario-amis/base/login-user.sh"),
                base.resolve("login-user.sh"));
        return ScenarioFolders.load(root).find("demo-one").orElseThrow();
    }
}
