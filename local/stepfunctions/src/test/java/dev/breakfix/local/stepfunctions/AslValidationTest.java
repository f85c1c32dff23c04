package dev.breakfix.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.local.stepfunctions.asl.Definition;
import dev.breakfix.local.stepfunctions.asl.DefinitionLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ASL file in the repository's {@code statemachines/} folder passes asl-validator and loads in
 * this runner. Two fixtures prove that the check accepts a valid file and rejects an invalid one.
 */
class AslValidationTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Path FIXTURES = Path.of("src/test/resources/asl");

    private record Validation(int exitCode, String output) {}

    private static Validation aslValidator(Path file) throws IOException, InterruptedException {
        Path cli = NodeTools.nodeModules().resolve("asl-validator/dist/bin/asl-validator.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException(cli + " is missing: run `npm ci` in local/");
        }
        Process process = new ProcessBuilder("node", cli.toString(), "--json-path", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("asl-validator did not finish for " + file);
        }
        return new Validation(process.exitValue(), output);
    }

    private static List<Path> stateMachineFiles() throws IOException {
        Path folder = NodeTools.repositoryRoot().resolve("statemachines");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    /** Each placeholder gets a stand-in value, a number where the definition needs one. */
    private static Map<String, String> standIns(String text) {
        Map<String, String> values = new HashMap<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            values.put(name, name.startsWith("Max") || name.endsWith("Seconds") ? "1" : "placeholder-" + name);
        }
        return values;
    }

    @TestFactory
    Stream<DynamicTest> statemachines_shouldPassAslValidator_whenCheckedOneByOne() throws IOException {
        return stateMachineFiles().stream().map(file -> DynamicTest.dynamicTest("asl-validator " + file.getFileName(),
                () -> {
                    Validation validation = aslValidator(file);
                    assertThat(validation.exitCode()).as("asl-validator on %s:%n%s", file, validation.output()).isZero();
                }));
    }

    @TestFactory
    Stream<DynamicTest> statemachines_shouldLoadInTheRunner_whenPlaceholdersAreFilled() throws IOException {
        return stateMachineFiles().stream().map(file -> DynamicTest.dynamicTest("runner loads " + file.getFileName(),
                () -> {
                    String text = Files.readString(file);
                    Definition definition = DefinitionLoader.load(text, standIns(text));
                    assertThat(definition.states()).isNotEmpty();
                }));
    }

    @Test
    void aslValidator_shouldAcceptTheValidFixture_whenItIsValid() throws Exception {
        // given
        Path valid = FIXTURES.resolve("valid.asl.json");

        // when
        Validation validation = aslValidator(valid);

        // then
        assertThat(validation.exitCode()).as(validation.output()).isZero();
        String text = Files.readString(valid);
        assertThat(DefinitionLoader.load(text, standIns(text)).states()).hasSize(3);
    }

    @Test
    void aslValidator_shouldRejectTheInvalidFixture_whenATransitionIsBroken() throws Exception {
        // given
        Path invalid = FIXTURES.resolve("invalid.asl.json");

        // when
        Validation validation = aslValidator(invalid);

        // then
        assertThat(validation.exitCode()).isNotZero();
        assertThat(validation.output()).contains("is invalid");
    }
}
