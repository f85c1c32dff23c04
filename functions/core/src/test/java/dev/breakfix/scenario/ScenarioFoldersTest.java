package dev.breakfix.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFoldersTest {
    private static final String VALID = """
            id: %s
            title: "Nginx will not start"
            summary: "The web server is down after a config change."
            difficulty: easy
            timeLimitMinutes: 15
            tags: [nginx, systemd]
            packages: [nginx]
            hints:
              - "Ask systemd why it failed."
            """;

    @TempDir
    Path root;

    @Test
    void load_shouldReadEveryScenario_andSkipTheBaseImage() throws IOException {
        // given
        scenario("nginx-down", VALID.formatted("nginx-down"), "# Fix nginx");
        scenario("disk-full", VALID.formatted("disk-full").replace("easy", "hard"), "# Free the disk");
        Files.createDirectories(root.resolve("base"));

        // when
        ScenarioCatalog catalog = ScenarioFolders.load(root);

        // then
        assertThat(catalog.all()).extracting(Scenario::id).containsExactly("nginx-down", "disk-full");
        Scenario nginx = catalog.find("nginx-down").orElseThrow();
        assertThat(nginx.difficulty()).isEqualTo(Difficulty.EASY);
        assertThat(nginx.tags()).containsExactly("nginx", "systemd");
        assertThat(nginx.description()).isEqualTo("# Fix nginx");
        assertThat(nginx.hints()).hasSize(1);
    }

    @Test
    void load_shouldApplyDefaults_whenOptionalFieldsAreAbsent() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down"), "text");

        Scenario nginx = ScenarioFolders.load(root).find("nginx-down").orElseThrow();

        assertThat(nginx.hostname()).isEqualTo("nginx-down");
        assertThat(nginx.loginUser()).isEqualTo("admin");
        assertThat(nginx.sudo()).isTrue();
        assertThat(nginx.limits()).isEqualTo(ServerLimits.DEFAULT);
        assertThat(nginx.publicReplays()).isFalse();
        assertThat(nginx.extensionMinutes()).isEqualTo(Scenario.DEFAULT_EXTENSION_MINUTES);
    }

    @Test
    void load_shouldNameFileAndField_whenAFieldIsMissing() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down").replace("summary:", "#summary:"), "text");

        assertProblem("nginx-down/scenario.yaml", "summary", "is required");
    }

    @Test
    void load_shouldRefuse_whenDifficultyIsUnknown() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down").replace("easy", "extreme"), "text");

        assertProblem("nginx-down/scenario.yaml", "difficulty", "'extreme' is not one of easy, medium, hard");
    }

    @Test
    void load_shouldRefuse_whenTimeLimitIsOutOfRange() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down").replace("15", "600"), "text");

        assertProblem("nginx-down/scenario.yaml", "timeLimitMinutes", "600 is out of range 5 to 180");
    }

    @Test
    void load_shouldRefuse_whenIdDiffersFromFolder() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-broken"), "text");

        assertProblem("nginx-down/scenario.yaml", "id", "'nginx-broken' differs from its folder name 'nginx-down'");
    }

    @Test
    void load_shouldRefuse_whenTwoFoldersClaimTheSameId() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down"), "text");
        scenario("nginx-copy", VALID.formatted("nginx-down"), "text");

        assertThatThrownBy(() -> ScenarioFolders.load(root))
                .isInstanceOf(InvalidScenarioException.class)
                .hasMessageContaining("field 'id': duplicate id 'nginx-down', already used by");
    }

    @Test
    void load_shouldRefuse_whenAFieldIsUnknown() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down") + "timelimit: 5\n", "text");

        assertProblem("nginx-down/scenario.yaml", "timelimit", "unknown field");
    }

    @Test
    void load_shouldRefuse_whenTheDescriptionIsMissing() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down"), null);

        assertThatThrownBy(() -> ScenarioFolders.load(root))
                .hasMessageContaining("nginx-down/description.md: missing");
    }

    @Test
    void load_shouldReportTheLine_whenTheYamlIsBroken() throws IOException {
        scenario("nginx-down", "id: nginx-down\ntags: [unclosed\n", "text");

        assertThatThrownBy(() -> ScenarioFolders.load(root))
                .hasMessageContaining("nginx-down/scenario.yaml: not valid YAML")
                .hasMessageContaining("line");
    }

    @Test
    void load_shouldRefuse_whenLimitsAreOutOfRange() throws IOException {
        scenario("nginx-down", VALID.formatted("nginx-down") + "limits: {memoryMiB: 10, cpus: 9}\n", "text");

        assertThatThrownBy(() -> ScenarioFolders.load(root))
                .hasMessageContaining("field 'limits.memoryMiB': 10 is out of range")
                .hasMessageContaining("field 'limits.cpus'");
    }

    @Test
    void load_shouldListEveryProblem_notJustTheFirst() throws IOException {
        scenario("a-one", VALID.formatted("a-one").replace("easy", "x"), "text");
        scenario("b-two", VALID.formatted("b-two").replace("15", "1"), "text");

        assertThatThrownBy(() -> ScenarioFolders.load(root))
                .isInstanceOfSatisfying(InvalidScenarioException.class,
                        e -> assertThat(e.problems()).extracting(ScenarioProblem::field)
                                .containsExactly("difficulty", "timeLimitMinutes"));
    }

    @Test
    void load_shouldRefuse_whenTheFolderDoesNotExist() {
        assertThatThrownBy(() -> ScenarioFolders.load(root.resolve("nowhere")))
                .hasMessageContaining("the scenario folder does not exist");
    }

    private void assertProblem(String file, String field, String message) {
        assertThatThrownBy(() -> ScenarioFolders.load(root))
                .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.file()).endsWith(file);
                            assertThat(p.field()).isEqualTo(field);
                            assertThat(p.message()).contains(message);
                        }));
    }

    private void scenario(String folder, String yaml, String description) throws IOException {
        Path dir = Files.createDirectories(root.resolve(folder));
        Files.writeString(dir.resolve("scenario.yaml"), yaml);
        if (description != null) {
            Files.writeString(dir.resolve("description.md"), description);
        }
    }
}
