package dev.breakfix.local.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SessionWorkflowTest {

    @Test
    void functionNames_shouldBeExactlyTheTaskFunctionsTheDefinitionNames() throws IOException {
        String definition = Files.readString(Path.of("../../statemachines/session.asl.json"));
        Matcher placeholders = Pattern.compile("\\$\\{(\\w+)Function}").matcher(definition);
        java.util.Set<String> named = new java.util.TreeSet<>();
        while (placeholders.find()) {
            named.add(placeholders.group(1));
        }

        assertThat(named).containsExactlyInAnyOrderElementsOf(SessionWorkflow.FUNCTION_NAMES);
        assertThat(Stream.of(SessionWorkflow.FUNCTION_NAMES.toArray(String[]::new)).collect(Collectors.toSet()))
                .hasSize(SessionWorkflow.FUNCTION_NAMES.size());
    }
}
