package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paths and reference paths of the States Language, evaluated with Jayway json-path. A path that
 * starts with {@code $$} reads the context object instead of the input.
 */
public final class JsonPaths {
    private static final Configuration VALUES = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(EnumSet.noneOf(Option.class))
            .build();
    private static final Configuration PATHS = VALUES.setOptions(Option.AS_PATH_LIST);
    /** One segment of a normalized Jayway path: {@code ['name']} or {@code [3]}. */
    private static final Pattern SEGMENT = Pattern.compile("\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(-?\\d+)\\]");
    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    private JsonPaths() {}

    /** Checks the syntax of a path; the message says what is wrong. */
    public static void check(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("a path must start with '$' but was '" + path + "'");
        }
        String own = ownPath(path);
        try {
            compile(own);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + path + "' is not a valid JSONPath: " + e.getMessage(), e);
        }
    }

    /** A reference path selects one node: no wildcards, filters, slices or functions. */
    public static void checkReference(String path) {
        check(path);
        String own = ownPath(path);
        if (!compile(own).isDefinite() || own.contains("(") || own.contains("..") || own.contains(":")) {
            throw new IllegalArgumentException("'" + path + "' must be a reference path (a single node: no"
                    + " wildcards, filters, slices, functions or deep scan)");
        }
    }

    /** Whether the path reads the context object. */
    public static boolean readsContext(String path) {
        return path.startsWith("$$");
    }

    /**
     * The value at the path; {@code States.Runtime} when nothing is there, as Step Functions does
     * for a path that matches nothing.
     */
    public static JsonNode read(String path, JsonNode input, JsonNode context) {
        return find(path, input, context).orElseThrow(() -> AslError.runtime(
                "The JSONPath '" + path + "' could not be found in the "
                        + (readsContext(path) ? "context object" : "input") + " '" + Json.write(
                                readsContext(path) ? context : input) + "'"));
    }

    /** The value at the path, or empty when the path matches nothing (IsPresent). */
    public static Optional<JsonNode> find(String path, JsonNode input, JsonNode context) {
        JsonNode document = readsContext(path) ? context : input;
        String own = ownPath(path);
        JsonPath compiled = compile(own);
        Object value;
        try {
            value = compiled.read(document, VALUES);
        } catch (PathNotFoundException notFound) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw AslError.runtime("The JSONPath '" + path + "' could not be evaluated: " + e.getMessage());
        }
        JsonNode node = value instanceof JsonNode ? (JsonNode) value : Json.MAPPER.valueToTree(value);
        if (node == null || node.isMissingNode()) {
            return Optional.empty();
        }
        // Jayway answers null for an array index out of range; the language says "not found".
        if (node.isNull() && compiled.isDefinite() && !own.contains("(") && !exists(compiled, document)) {
            return Optional.empty();
        }
        return Optional.of(node);
    }

    /** The segments of a reference path: field names as strings, array indexes as integers. */
    public static List<Object> segments(String referencePath) {
        String normalized = compile(ownPath(referencePath)).getPath();
        List<Object> segments = new ArrayList<>();
        Matcher matcher = SEGMENT.matcher(normalized);
        int at = 1; // after the "$"
        while (matcher.find(at) && matcher.start() == at) {
            if (matcher.group(1) != null) {
                segments.add(matcher.group(1).replace("\\'", "'").replace("\\\\", "\\"));
            } else {
                segments.add(Integer.parseInt(matcher.group(2)));
            }
            at = matcher.end();
        }
        if (at != normalized.length()) {
            throw new IllegalArgumentException("'" + referencePath + "' is not a simple reference path");
        }
        return segments;
    }

    private static boolean exists(JsonPath compiled, JsonNode document) {
        Object paths;
        try {
            paths = compiled.read(document, PATHS);
        } catch (PathNotFoundException notFound) {
            return false;
        }
        JsonNode list = paths instanceof JsonNode ? (JsonNode) paths : Json.MAPPER.valueToTree(paths);
        if (list == null || !list.isArray() || list.isEmpty()) {
            return false;
        }
        JsonNode current = document;
        Matcher matcher = SEGMENT.matcher(list.get(0).asText());
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                String name = matcher.group(1).replace("\\'", "'").replace("\\\\", "\\");
                if (!current.isObject() || !current.has(name)) {
                    return false;
                }
                current = current.get(name);
            } else {
                int index = Integer.parseInt(matcher.group(2));
                if (!current.isArray()) {
                    return false;
                }
                int resolved = index < 0 ? current.size() + index : index;
                if (resolved < 0 || resolved >= current.size()) {
                    return false;
                }
                current = current.get(resolved);
            }
        }
        return true;
    }

    /** {@code $$.Execution.Id} is {@code $.Execution.Id} read on the context object. */
    private static String ownPath(String path) {
        return readsContext(path) ? path.substring(1) : path;
    }

    private static JsonPath compile(String path) {
        JsonPath compiled = COMPILED.get(path);
        if (compiled == null) {
            compiled = JsonPath.compile(path);
            if (COMPILED.size() < 10_000) {
                COMPILED.put(path, compiled);
            }
        }
        return compiled;
    }
}
