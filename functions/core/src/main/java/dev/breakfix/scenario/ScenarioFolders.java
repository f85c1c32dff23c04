package dev.breakfix.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the catalog from a folder of scenario folders ({@code scenario-amis/}), validating every
 * field so that a bad file stops the start with a message naming the file and the field.
 *
 * <p>Each {@code <root>/<id>/} with a {@code scenario.yaml} is a scenario; {@code base/} is the base
 * image and is skipped.
 */
public final class ScenarioFolders {
    public static final String METADATA_FILE = "scenario.yaml";
    public static final String DESCRIPTION_FILE = "description.md";
    public static final String BASE_IMAGE_FOLDER = "base";

    static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])");
    static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9+.-]{0,23}");
    static final Pattern HOSTNAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    static final Pattern DEBIAN_PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private static final Set<String> KNOWN_FIELDS = Set.of(
            "id", "title", "summary", "difficulty", "timeLimitMinutes", "extensionMinutes", "tags",
            "hostname", "user", "sudo", "packages", "limits", "publicReplays", "hints");
    private static final Set<String> KNOWN_LIMITS = Set.of("memoryMiB", "pids", "cpus");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ScenarioFolders() {}

    /** Loads and validates every scenario under {@code root}; throws listing all problems found. */
    public static ScenarioCatalog load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidScenarioException(List.of(new ScenarioProblem(
                    root.toString(), "", "the scenario folder does not exist")));
        }
        List<ScenarioProblem> problems = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, Path> folderById = new HashMap<>();
        for (Path folder : scenarioFolders(root)) {
            List<ScenarioProblem> found = new ArrayList<>();
            Scenario scenario = read(root, folder, found);
            problems.addAll(found);
            if (scenario == null) {
                continue;
            }
            Path earlier = folderById.putIfAbsent(scenario.id(), folder);
            if (earlier != null) {
                problems.add(new ScenarioProblem(relative(root, folder.resolve(METADATA_FILE)), "id",
                        "duplicate id '" + scenario.id() + "', already used by "
                                + relative(root, earlier.resolve(METADATA_FILE))));
            } else if (found.isEmpty()) {
                scenarios.add(scenario);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidScenarioException(problems);
        }
        return new ScenarioCatalog(scenarios);
    }

    /** The scenario folders under {@code root}, by name: every folder but {@code base/}. */
    public static List<Path> scenarioFolders(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children
                    .filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().equals(BASE_IMAGE_FOLDER))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static Scenario read(Path root, Path folder, List<ScenarioProblem> problems) {
        String folderName = folder.getFileName().toString();
        Path metadataFile = folder.resolve(METADATA_FILE);
        String metadataName = relative(root, metadataFile);
        if (!Files.isRegularFile(metadataFile)) {
            problems.add(new ScenarioProblem(metadataName, "", "missing; every scenario folder needs one"));
            return null;
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(metadataFile.toFile());
        } catch (JsonProcessingException e) {
            problems.add(new ScenarioProblem(metadataName, "", "not valid YAML: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")"));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metadataFile, e);
        }
        if (!(tree instanceof ObjectNode fields)) {
            problems.add(new ScenarioProblem(metadataName, "", "must be a mapping of fields"));
            return null;
        }
        Fields f = new Fields(metadataName, fields, problems);
        f.rejectUnknown("", KNOWN_FIELDS);

        String id = f.requiredText("id", ID, "lower-case letters, digits and '-', 3 to 40 characters");
        if (id != null && !id.equals(folderName)) {
            problems.add(new ScenarioProblem(metadataName, "id",
                    "'" + id + "' differs from its folder name '" + folderName + "'"));
        }
        String title = f.requiredText("title", null, null);
        String summary = f.requiredText("summary", null, null);
        Difficulty difficulty = f.difficulty("difficulty");
        int timeLimit = f.requiredInt("timeLimitMinutes",
                Scenario.MIN_TIME_LIMIT_MINUTES, Scenario.MAX_TIME_LIMIT_MINUTES);
        int extension = f.optionalInt("extensionMinutes",
                Scenario.DEFAULT_EXTENSION_MINUTES, 0, Scenario.MAX_EXTENSION_MINUTES);
        List<String> tags = f.textList("tags", TAG, "lower-case words of up to 24 characters", 1, 8);
        String hostname = f.optionalText("hostname", HOSTNAME,
                "a host name: lower-case letters, digits and '-'", id == null ? "server" : id);
        String user = f.optionalText("user", UNIX_USER, "a Unix user name", "admin");
        boolean sudo = f.optionalBoolean("sudo", true);
        List<String> packages = f.textList("packages", DEBIAN_PACKAGE, "Debian package names", 0, 40);
        ServerLimits limits = f.limits("limits", KNOWN_LIMITS);
        boolean publicReplays = f.optionalBoolean("publicReplays", false);
        List<String> hints = f.textList("hints", null, null, 0, Scenario.MAX_HINTS);

        Path descriptionFile = folder.resolve(DESCRIPTION_FILE);
        String description = null;
        if (!Files.isRegularFile(descriptionFile)) {
            problems.add(new ScenarioProblem(relative(root, descriptionFile), "",
                    "missing; it is what the user reads"));
        } else {
            try {
                description = Files.readString(descriptionFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + descriptionFile, e);
            }
            if (description.isBlank()) {
                problems.add(new ScenarioProblem(relative(root, descriptionFile), "", "is empty"));
            }
        }
        if (id == null || title == null || summary == null || difficulty == null || timeLimit < 0
                || description == null) {
            return null;
        }
        return new Scenario(id, title, summary, difficulty, timeLimit, extension, tags, hostname, user,
                sudo, packages, limits, publicReplays, hints, description);
    }

    private static String relative(Path root, Path file) {
        Path base = root.toAbsolutePath().getParent();
        return base == null ? file.toString() : base.relativize(file.toAbsolutePath()).toString();
    }

    /** Reads typed fields from one YAML mapping, recording a problem for each bad one. */
    private record Fields(String file, ObjectNode node, List<ScenarioProblem> problems) {

        void rejectUnknown(String prefix, Set<String> known) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    problem(prefix + name, "unknown field (known: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        String requiredText(String field, Pattern pattern, String shape) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                problem(field, "is required");
                return null;
            }
            return text(field, value, pattern, shape);
        }

        String optionalText(String field, Pattern pattern, String shape, String fallback) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? fallback : text(field, value, pattern, shape);
        }

        private String text(String field, JsonNode value, Pattern pattern, String shape) {
            if (!value.isTextual() || value.asText().isBlank()) {
                problem(field, "must be non-empty text");
                return null;
            }
            String text = value.asText().strip();
            if (pattern != null && !pattern.matcher(text).matches()) {
                problem(field, "'" + text + "' is not " + shape);
                return null;
            }
            return text;
        }

        Difficulty difficulty(String field) {
            String text = requiredText(field, null, null);
            if (text == null) {
                return null;
            }
            return Difficulty.fromWireName(text).orElseGet(() -> {
                problem(field, "'" + text + "' is not one of " + Difficulty.allWireNames());
                return null;
            });
        }

        int requiredInt(String field, int min, int max) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                problem(field, "is required");
                return -1;
            }
            return integer(field, value, min, max);
        }

        int optionalInt(String field, int fallback, int min, int max) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? fallback : Math.max(integer(field, value, min, max), 0);
        }

        private int integer(String field, JsonNode value, int min, int max) {
            if (!value.isIntegralNumber()) {
                problem(field, "must be a whole number");
                return -1;
            }
            long number = value.asLong();
            if (number < min || number > max) {
                problem(field, number + " is out of range " + min + " to " + max);
                return -1;
            }
            return (int) number;
        }

        boolean optionalBoolean(String field, boolean fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                problem(field, "must be true or false");
                return fallback;
            }
            return value.asBoolean();
        }

        List<String> textList(String field, Pattern pattern, String shape, int minItems, int maxItems) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (minItems > 0) {
                    problem(field, "is required (a list of at least " + minItems + ")");
                }
                return List.of();
            }
            if (!value.isArray()) {
                problem(field, "must be a list");
                return List.of();
            }
            if (value.size() < minItems || value.size() > maxItems) {
                problem(field, "must have " + minItems + " to " + maxItems + " items, has " + value.size());
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                String item = text(field + "[" + i + "]", value.get(i), pattern, shape);
                if (item != null) {
                    items.add(item);
                }
            }
            return items;
        }

        ServerLimits limits(String field, Set<String> known) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return ServerLimits.DEFAULT;
            }
            if (!(value instanceof ObjectNode limits)) {
                problem(field, "must be a mapping with " + String.join(", ", known));
                return ServerLimits.DEFAULT;
            }
            return new Fields(file, limits, problems).limitValues(field, known);
        }

        private ServerLimits limitValues(String parent, Set<String> known) {
            rejectUnknown(parent + ".", known);
            ServerLimits d = ServerLimits.DEFAULT;
            int memory = node.has("memoryMiB")
                    ? integer(parent + ".memoryMiB", node.get("memoryMiB"), ServerLimits.MIN_MEMORY_MIB, ServerLimits.MAX_MEMORY_MIB)
                    : d.memoryMiB();
            int pids = node.has("pids")
                    ? integer(parent + ".pids", node.get("pids"), ServerLimits.MIN_PIDS, ServerLimits.MAX_PIDS)
                    : d.pids();
            double cpus = d.cpus();
            if (node.has("cpus")) {
                JsonNode value = node.get("cpus");
                if (!value.isNumber() || value.asDouble() < ServerLimits.MIN_CPUS || value.asDouble() > ServerLimits.MAX_CPUS) {
                    problem(parent + ".cpus", "must be a number from " + ServerLimits.MIN_CPUS + " to " + ServerLimits.MAX_CPUS);
                } else {
                    cpus = value.asDouble();
                }
            }
            return new ServerLimits(Math.max(memory, 0), Math.max(pids, 0), cpus);
        }

        private void problem(String field, String message) {
            problems.add(new ScenarioProblem(file, field, message));
        }
    }
}
