package dev.breakfix.cdk.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session state machine file ({@code statemachines/session.asl.json}) as the CDK app reads it:
 * its {@code ${...}} placeholders, its states, and each Task state's service integration, from which
 * the state machine's role gets exactly the permissions the file uses.
 */
public final class SessionDefinition {
    /** A definition substitution: {@code ${Name}}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)\\}");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A Task state's integration.
     *
     * @param state the state's name
     * @param resource e.g. {@code arn:aws:states:::dynamodb:updateItem}
     * @param parameters the state's {@code Parameters} (or {@code Arguments}), possibly empty
     */
    public record Task(String state, String resource, JsonNode parameters) {
        /** The placeholder a parameter names, if its value is exactly {@code ${Name}}. */
        public Optional<String> placeholderIn(String parameter) {
            Matcher matcher = PLACEHOLDER.matcher(parameters.path(parameter).asText(""));
            return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        }
    }

    private final Path file;
    private final String text;
    private final JsonNode tree;

    private SessionDefinition(Path file, String text) {
        this.file = file;
        this.text = text;
        try {
            this.tree = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
    }

    public static SessionDefinition read(Path file) {
        try {
            return new SessionDefinition(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public String text() {
        return text;
    }

    /** Every placeholder the file uses, sorted. */
    public Set<String> placeholders() {
        return placeholdersIn(text);
    }

    public static Set<String> placeholdersIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The text with every placeholder replaced, as Step Functions will see it. */
    public static String substitute(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(result, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** The names of all states, nested ones (Parallel, Map) included. */
    public Set<String> stateNames() {
        Set<String> names = new TreeSet<>();
        walk(tree, (name, state) -> names.add(name));
        return names;
    }

    /** Every Task state, in file order. */
    public List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        walk(tree, (name, state) -> {
            if ("Task".equals(state.path("Type").asText())) {
                JsonNode parameters = state.has("Parameters") ? state.path("Parameters") : state.path("Arguments");
                tasks.add(new Task(name, state.path("Resource").asText(), parameters));
            }
        });
        return tasks;
    }

    private interface StateVisitor {
        void visit(String name, JsonNode state);
    }

    private static void walk(JsonNode machine, StateVisitor visitor) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        machine.path("States").properties().forEach(entry -> states.put(entry.getKey(), entry.getValue()));
        states.forEach((name, state) -> {
            visitor.visit(name, state);
            for (JsonNode branch : state.path("Branches")) {
                walk(branch, visitor);
            }
            if (state.has("Iterator")) {
                walk(state.path("Iterator"), visitor);
            }
            if (state.has("ItemProcessor")) {
                walk(state.path("ItemProcessor"), visitor);
            }
        });
    }
}
