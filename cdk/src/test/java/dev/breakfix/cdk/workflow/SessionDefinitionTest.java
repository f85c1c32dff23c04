package dev.breakfix.cdk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionDefinitionTest {
    private static final String MACHINE = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName": "${RoutesTable}"}, "Next": "B"},
              "B": {"Type": "Parallel", "Branches": [{"StartAt": "C", "States": {
                    "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                          "Parameters": {"FunctionName": "${ThingFunction}"}, "End": true}}}], "End": true}}}
            """;

    @Test
    void placeholders_shouldListEachNameOnce_sorted(@TempDir Path folder) throws IOException {
        SessionDefinition definition = definition(folder);

        assertThat(definition.placeholders()).containsExactly("RoutesTable", "ThingFunction");
    }

    @Test
    void tasks_shouldIncludeNestedStates_withTheirResourceAndPlaceholder(@TempDir Path folder) throws IOException {
        SessionDefinition definition = definition(folder);

        assertThat(definition.tasks()).extracting(SessionDefinition.Task::state).containsExactly("A", "C");
        assertThat(definition.tasks().get(1).placeholderIn("FunctionName")).contains("ThingFunction");
        assertThat(definition.stateNames()).containsExactlyInAnyOrder("A", "B", "C");
    }

    @Test
    void substitute_shouldReplaceKnownNames_andLeaveUnknownOnesVisible() {
        String text = SessionDefinition.substitute("${A} and ${B}", Map.of("A", "x$1"));

        assertThat(text).isEqualTo("x$1 and ${B}");
    }

    private static SessionDefinition definition(Path folder) throws IOException {
        Path file = folder.resolve("machine.asl.json");
        Files.writeString(file, MACHINE);
        return SessionDefinition.read(file);
    }
}
