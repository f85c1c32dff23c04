package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Parameters or ResultSelector value, compiled when the definition loads: a field whose name
 * ends in {@code .$} takes the value of a path or of an intrinsic function, at any depth, inside
 * objects and arrays alike.
 */
public final class PayloadTemplate {
    private sealed interface Node permits Constant, Fields, Items, FromPath, FromIntrinsic {}

    private record Constant(JsonNode value) implements Node {}

    private record Field(String name, Node value) {}

    private record Fields(List<Field> fields) implements Node {}

    private record Items(List<Node> items) implements Node {}

    private record FromPath(String path) implements Node {}

    private record FromIntrinsic(Intrinsic intrinsic) implements Node {}

    private final Node root;

    private PayloadTemplate(Node root) {
        this.root = root;
    }

    /** Compiles a template; {@link IllegalArgumentException} names the field that is wrong. */
    public static PayloadTemplate compile(JsonNode template) {
        return new PayloadTemplate(node(template, ""));
    }

    public JsonNode evaluate(JsonNode input, JsonNode context) {
        return evaluate(root, input, context);
    }

    private static Node node(JsonNode template, String where) {
        if (template.isObject()) {
            List<Field> fields = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> members = template.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                String key = member.getKey();
                String at = where + "." + key;
                if (key.endsWith(".$")) {
                    String name = key.substring(0, key.length() - 2);
                    if (template.has(name)) {
                        throw new IllegalArgumentException(at + ": both '" + name + "' and '" + key + "' are present");
                    }
                    fields.add(new Field(name, dynamic(member.getValue(), at)));
                } else {
                    fields.add(new Field(key, node(member.getValue(), at)));
                }
            }
            return new Fields(List.copyOf(fields));
        }
        if (template.isArray()) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < template.size(); i++) {
                items.add(node(template.get(i), where + "[" + i + "]"));
            }
            return new Items(List.copyOf(items));
        }
        return new Constant(template.deepCopy());
    }

    private static Node dynamic(JsonNode value, String where) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + ": a field ending in '.$' needs a path or an intrinsic"
                    + " function as a string, not " + Json.typeName(value));
        }
        String text = value.textValue();
        if (text.startsWith("$")) {
            try {
                JsonPaths.check(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            return new FromPath(text);
        }
        if (Intrinsic.looksLikeIntrinsic(text)) {
            try {
                return new FromIntrinsic(Intrinsic.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(where + ": '" + text + "' is neither a path (starting with '$') nor an"
                + " intrinsic function (starting with 'States.')");
    }

    private static JsonNode evaluate(Node node, JsonNode input, JsonNode context) {
        if (node instanceof Constant) {
            return ((Constant) node).value().deepCopy();
        }
        if (node instanceof Fields) {
            ObjectNode out = Json.object();
            for (Field field : ((Fields) node).fields()) {
                out.set(field.name(), evaluate(field.value(), input, context));
            }
            return out;
        }
        if (node instanceof Items) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (Node item : ((Items) node).items()) {
                out.add(evaluate(item, input, context));
            }
            return out;
        }
        if (node instanceof FromPath) {
            return JsonPaths.read(((FromPath) node).path(), input, context).deepCopy();
        }
        return ((FromIntrinsic) node).intrinsic().evaluate(input, context);
    }
}
