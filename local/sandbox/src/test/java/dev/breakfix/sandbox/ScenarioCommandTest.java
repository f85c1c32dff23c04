package dev.breakfix.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioCommandTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int run(Path root, String... args) {
        return new ScenarioCommand(root, new PrintStream(output, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scaffold_shouldWriteAScenarioThatPassesLint_whenTheIdIsNew(@TempDir Path root) throws Exception {
        // given
        Files.createDirectories(root.resolve("scenario-amis/base"));

        // when
        int created = run(root, "new", "cron-job-fails");
        int linted = run(root, "lint");

        // then
        Path folder = root.resolve("scenario-amis/cron-job-fails");
        assertThat(created).isZero();
        assertThat(folder.resolve("scenario.yaml")).content().contains("id: cron-job-fails");
        assertThat(List.of("description.md", "setup.sh", "check.sh", "solution.sh", "decoy.sh"))
                .allSatisfy(name -> assertThat(folder.resolve(name)).isRegularFile());
        assertThat(linted).as(output()).isZero();
        assertThat(output()).contains("1 scenarios are valid");
    }

    @Test
    void scaffold_shouldRefuse_whenTheIdIsNotValidOrTaken(@TempDir Path root) throws Exception {
        // given
        Files.createDirectories(root.resolve("scenario-amis/taken-one"));

        // when / then
        assertThat(run(root, "new", "Bad_Id")).isEqualTo(2);
        assertThat(run(root, "new", "taken-one")).isEqualTo(2);
        assertThat(run(root, "new", "base")).isEqualTo(2);
    }

    @Test
    void lint_shouldListEveryProblem_whenAScenarioIsBroken(@TempDir Path root) throws Exception {
        // given: a scaffold, then an unknown field, a script without shebang and a missing check
        Files.createDirectories(root.resolve("scenario-amis"));
        run(root, "new", "broken-one");
        Path folder = root.resolve("scenario-amis/broken-one");
        Files.writeString(folder.resolve("scenario.yaml"), Files.readString(folder.resolve("scenario.yaml")) + "colour: red\n");
        Files.writeString(folder.resolve("setup.sh"), "echo no shebang\nif then\n");
        Files.delete(folder.resolve("check.sh"));
        output.reset();

        // when
        int status = run(root, "lint");

        // then
        assertThat(status).isEqualTo(1);
        assertThat(output()).contains("field 'colour': unknown field")
                .contains("broken-one/setup.sh: line 1 must be a bash shebang")
                .contains("broken-one/setup.sh: bash syntax error")
                .contains("broken-one/check.sh: missing");
    }

    @Test
    void test_shouldNameTheKnownScenarios_whenAskedForAnUnknownOne(@TempDir Path root) throws Exception {
        // given
        Files.createDirectories(root.resolve("scenario-amis"));
        run(root, "new", "known-one");
        PrintStream err = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            // when
            int status = run(root, "test", "no-such-scenario");

            // then
            assertThat(status).isEqualTo(2);
            assertThat(errors.toString(StandardCharsets.UTF_8)).contains("unknown scenario 'no-such-scenario'; known: known-one");
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void test_shouldReportTheFileAndField_whenAScenarioYamlIsInvalid(@TempDir Path root) throws Exception {
        // given
        Files.createDirectories(root.resolve("scenario-amis"));
        run(root, "new", "bad-yaml");
        Files.writeString(root.resolve("scenario-amis/bad-yaml/scenario.yaml"), "id: bad-yaml\ntitle: [unclosed\n");
        PrintStream err = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            // when
            int status = run(root, "test", "bad-yaml");

            // then
            assertThat(status).isEqualTo(1);
            assertThat(errors.toString(StandardCharsets.UTF_8)).contains("scenario-amis/bad-yaml/scenario.yaml").contains("not valid YAML");
        } finally {
            System.setErr(err);
        }
    }
}
