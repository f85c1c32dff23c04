package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * InputPath, OutputPath or ResultPath as written in a state: left out (the whole value, {@code $}),
 * {@code null} (nothing), or a path.
 */
public record PathField(Kind kind, String path) {
    public enum Kind { WHOLE, NOTHING, PATH }

    public static final PathField WHOLE = new PathField(Kind.WHOLE, "$");
    public static final PathField NOTHING = new PathField(Kind.NOTHING, "null");

    public static PathField of(String path) {
        return "$".equals(path) ? WHOLE : new PathField(Kind.PATH, path);
    }

    /** InputPath and OutputPath: select part of the value; {@code null} gives {@code {}}. */
    public JsonNode select(JsonNode value, JsonNode context) {
        switch (kind) {
            case WHOLE:
                return value;
            case NOTHING:
                return Json.object();
            default:
                return JsonPaths.read(path, value, context);
        }
    }

    /**
     * ResultPath: where the result goes in the state's raw input. {@code $} replaces the input,
     * {@code null} discards the result, a path sets that field, creating missing objects on the way.
     */
    public JsonNode merge(JsonNode rawInput, JsonNode result) {
        switch (kind) {
            case WHOLE:
                return result;
            case NOTHING:
                return rawInput;
            default:
                return place(rawInput, result);
        }
    }

    private JsonNode place(JsonNode rawInput, JsonNode result) {
        if (!rawInput.isObject()) {
            throw AslError.resultPathMatchFailure("Unable to apply ResultPath '" + path + "' to the input '"
                    + Json.write(rawInput) + "': the input is not an object");
        }
        List<Object> segments = JsonPaths.segments(path);
        ObjectNode root = (ObjectNode) rawInput.deepCopy();
        ObjectNode current = root;
        for (int i = 0; i < segments.size(); i++) {
            String name = (String) segments.get(i);
            if (i == segments.size() - 1) {
                current.set(name, result);
                break;
            }
            JsonNode next = current.get(name);
            if (next == null || next.isNull()) {
                current = current.putObject(name);
            } else if (next.isObject()) {
                current = (ObjectNode) next;
            } else {
                throw AslError.resultPathMatchFailure("Unable to apply ResultPath '" + path + "': the field '" + name
                        + "' of the input is " + Json.typeName(next) + ", not an object");
            }
        }
        return root;
    }

    @Override
    public String toString() {
        return path;
    }
}
