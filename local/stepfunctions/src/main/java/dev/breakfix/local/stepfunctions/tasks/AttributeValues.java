package dev.breakfix.local.stepfunctions.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.asl.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB attribute values in their typed JSON form, {@code {"S": "text"}}, {@code {"N": "42"}},
 * {@code {"M": {...}}} and so on, as Step Functions' DynamoDB integration reads and writes them.
 */
final class AttributeValues {
    private AttributeValues() {}

    static Map<String, AttributeValue> toItem(JsonNode item, String where) {
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException(where + " must be an object of typed attribute values");
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.put(field.getKey(), toValue(field.getValue(), where + "." + field.getKey()));
        }
        return out;
    }

    static AttributeValue toValue(JsonNode typed, String where) {
        if (typed == null || !typed.isObject() || typed.size() != 1) {
            throw new IllegalArgumentException(where + " must be a typed attribute value such as {\"S\": \"text\"}");
        }
        Map.Entry<String, JsonNode> only = typed.fields().next();
        JsonNode value = only.getValue();
        switch (only.getKey()) {
            case "S":
                return AttributeValue.fromS(text(value, where));
            case "N":
                return AttributeValue.fromN(value.isNumber() ? value.asText() : text(value, where));
            case "B":
                return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text(value, where))));
            case "BOOL":
                if (!value.isBoolean()) {
                    throw new IllegalArgumentException(where + ".BOOL must be true or false");
                }
                return AttributeValue.fromBool(value.booleanValue());
            case "NULL":
                return AttributeValue.fromNul(true);
            case "M":
                return AttributeValue.fromM(toItem(value, where + ".M"));
            case "L":
                List<AttributeValue> list = new ArrayList<>();
                for (int i = 0; i < array(value, where).size(); i++) {
                    list.add(toValue(value.get(i), where + ".L[" + i + "]"));
                }
                return AttributeValue.fromL(list);
            case "SS":
                return AttributeValue.fromSs(texts(value, where));
            case "NS":
                return AttributeValue.fromNs(texts(value, where));
            case "BS":
                List<SdkBytes> bytes = new ArrayList<>();
                for (String item : texts(value, where)) {
                    bytes.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(item)));
                }
                return AttributeValue.fromBs(bytes);
            default:
                throw new IllegalArgumentException(where + ": unknown attribute type '" + only.getKey() + "'");
        }
    }

    static ObjectNode fromItem(Map<String, AttributeValue> item) {
        ObjectNode out = Json.object();
        item.forEach((name, value) -> out.set(name, fromValue(value)));
        return out;
    }

    static ObjectNode fromValue(AttributeValue value) {
        ObjectNode out = Json.object();
        switch (value.type()) {
            case S:
                out.put("S", value.s());
                break;
            case N:
                out.put("N", value.n());
                break;
            case B:
                out.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
                break;
            case BOOL:
                out.put("BOOL", value.bool());
                break;
            case NUL:
                out.put("NULL", true);
                break;
            case M:
                out.set("M", fromItem(value.m()));
                break;
            case L:
                ArrayNode list = out.putArray("L");
                value.l().forEach(item -> list.add(fromValue(item)));
                break;
            case SS:
                value.ss().forEach(out.putArray("SS")::add);
                break;
            case NS:
                value.ns().forEach(out.putArray("NS")::add);
                break;
            case BS:
                ArrayNode bytes = out.putArray("BS");
                value.bs().forEach(b -> bytes.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                break;
            default:
                throw new IllegalStateException("an attribute value of an unknown type: " + value);
        }
        return out;
    }

    private static String text(JsonNode value, String where) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + " must hold a string");
        }
        return value.textValue();
    }

    private static JsonNode array(JsonNode value, String where) {
        if (!value.isArray()) {
            throw new IllegalArgumentException(where + " must hold an array");
        }
        return value;
    }

    private static List<String> texts(JsonNode value, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array(value, where)) {
            out.add(text(item, where));
        }
        return out;
    }
}
