package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/** The intrinsic functions: argument checks and results, every failure a {@code States.IntrinsicFailure}. */
final class IntrinsicFunctions {
    private static final int MAX_STRING = 10_000;
    private static final int MAX_RANGE = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> HASH_ALGORITHMS = Map.of(
            "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    /** Evaluated arguments, plus the literal parts of a quoted States.Format template. */
    private record Args(String function, List<JsonNode> values, List<String> templateParts) {
        int size() {
            return values.size();
        }

        JsonNode get(int i) {
            return values.get(i);
        }

        void count(int exactly) {
            if (values.size() != exactly) {
                throw fail(function + " takes " + exactly + " argument" + (exactly == 1 ? "" : "s")
                        + " but was given " + values.size());
            }
        }

        void countBetween(int min, int max) {
            if (values.size() < min || values.size() > max) {
                throw fail(function + " takes " + min + " to " + max + " arguments but was given " + values.size());
            }
        }

        String string(int i) {
            JsonNode value = values.get(i);
            if (!value.isTextual()) {
                throw fail(function + " argument " + (i + 1) + " must be a string but was " + Json.typeName(value));
            }
            return value.textValue();
        }

        ArrayNode array(int i) {
            JsonNode value = values.get(i);
            if (!value.isArray()) {
                throw fail(function + " argument " + (i + 1) + " must be an array but was " + Json.typeName(value));
            }
            return (ArrayNode) value;
        }

        ObjectNode object(int i) {
            JsonNode value = values.get(i);
            if (!value.isObject()) {
                throw fail(function + " argument " + (i + 1) + " must be an object but was " + Json.typeName(value));
            }
            return (ObjectNode) value;
        }

        BigDecimal number(int i) {
            JsonNode value = values.get(i);
            if (!value.isNumber()) {
                throw fail(function + " argument " + (i + 1) + " must be a number but was " + Json.typeName(value));
            }
            return value.decimalValue();
        }

        long integer(int i) {
            BigDecimal number = number(i);
            try {
                return number.longValueExact();
            } catch (ArithmeticException notWhole) {
                throw fail(function + " argument " + (i + 1) + " must be an integer but was " + number);
            }
        }
    }

    private static final Map<String, Function<Args, JsonNode>> FUNCTIONS = Map.ofEntries(
            Map.entry("States.Format", IntrinsicFunctions::format),
            Map.entry("States.StringToJson", IntrinsicFunctions::stringToJson),
            Map.entry("States.JsonToString", IntrinsicFunctions::jsonToString),
            Map.entry("States.Array", IntrinsicFunctions::array),
            Map.entry("States.ArrayPartition", IntrinsicFunctions::arrayPartition),
            Map.entry("States.ArrayContains", IntrinsicFunctions::arrayContains),
            Map.entry("States.ArrayRange", IntrinsicFunctions::arrayRange),
            Map.entry("States.ArrayGetItem", IntrinsicFunctions::arrayGetItem),
            Map.entry("States.ArrayLength", IntrinsicFunctions::arrayLength),
            Map.entry("States.ArrayUnique", IntrinsicFunctions::arrayUnique),
            Map.entry("States.Base64Encode", IntrinsicFunctions::base64Encode),
            Map.entry("States.Base64Decode", IntrinsicFunctions::base64Decode),
            Map.entry("States.Hash", IntrinsicFunctions::hash),
            Map.entry("States.JsonMerge", IntrinsicFunctions::jsonMerge),
            Map.entry("States.MathRandom", IntrinsicFunctions::mathRandom),
            Map.entry("States.MathAdd", IntrinsicFunctions::mathAdd),
            Map.entry("States.StringSplit", IntrinsicFunctions::stringSplit),
            Map.entry("States.UUID", IntrinsicFunctions::uuid));

    private IntrinsicFunctions() {}

    static boolean isKnown(String name) {
        return FUNCTIONS.containsKey(name);
    }

    static Set<String> names() {
        return new TreeSet<>(FUNCTIONS.keySet());
    }

    static JsonNode invoke(Intrinsic.Call call, JsonNode input, JsonNode context) {
        List<JsonNode> values = new ArrayList<>(call.args().size());
        List<String> templateParts = List.of();
        for (int i = 0; i < call.args().size(); i++) {
            Intrinsic.Arg arg = call.args().get(i);
            if (i == 0 && arg instanceof Intrinsic.Text) {
                templateParts = ((Intrinsic.Text) arg).parts();
            }
            values.add(value(arg, input, context));
        }
        return FUNCTIONS.get(call.function()).apply(new Args(call.function(), values, templateParts));
    }

    private static JsonNode value(Intrinsic.Arg arg, JsonNode input, JsonNode context) {
        if (arg instanceof Intrinsic.Literal) {
            return ((Intrinsic.Literal) arg).value();
        }
        if (arg instanceof Intrinsic.Text) {
            return Json.nodes().textNode(((Intrinsic.Text) arg).value());
        }
        if (arg instanceof Intrinsic.PathArg) {
            return JsonPaths.read(((Intrinsic.PathArg) arg).path(), input, context);
        }
        return invoke((Intrinsic.Call) arg, input, context);
    }

    private static JsonNode format(Args args) {
        if (args.size() < 1) {
            throw fail("States.Format needs at least a template");
        }
        String template = args.string(0);
        List<String> parts = args.templateParts().isEmpty() ? splitPlaceholders(template) : args.templateParts();
        int placeholders = parts.size() - 1;
        if (placeholders != args.size() - 1) {
            throw fail("States.Format template has " + placeholders + " placeholder(s) {} but "
                    + (args.size() - 1) + " value(s) were given");
        }
        StringBuilder out = new StringBuilder(parts.get(0));
        for (int i = 1; i < args.size(); i++) {
            JsonNode value = args.get(i);
            if (value.isContainerNode()) {
                throw fail("States.Format values must be strings, numbers, booleans or null, but value " + i
                        + " was " + Json.typeName(value));
            }
            out.append(value.isTextual() ? value.textValue() : value.isNumber() ? numberText(value) : value.asText());
            out.append(parts.get(i));
        }
        return Json.nodes().textNode(out.toString());
    }

    private static List<String> splitPlaceholders(String template) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = template.indexOf("{}", from)) >= 0) {
            parts.add(template.substring(from, at));
            from = at + 2;
        }
        parts.add(template.substring(from));
        return parts;
    }

    /** Numbers as a person writes them: {@code 3}, {@code 2.5}. */
    static String numberText(JsonNode number) {
        BigDecimal value = number.decimalValue();
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
    }

    private static JsonNode stringToJson(Args args) {
        args.count(1);
        String text = args.string(0);
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw fail("States.StringToJson could not parse its argument: " + e.getMessage());
        }
    }

    private static JsonNode jsonToString(Args args) {
        args.count(1);
        return Json.nodes().textNode(Json.write(args.get(0)));
    }

    private static JsonNode array(Args args) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        args.values().forEach(array::add);
        return array;
    }

    private static JsonNode arrayPartition(Args args) {
        args.count(2);
        ArrayNode source = args.array(0);
        long size = args.integer(1);
        if (size <= 0) {
            throw fail("States.ArrayPartition chunk size must be a positive integer but was " + size);
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        ArrayNode chunk = null;
        for (int i = 0; i < source.size(); i++) {
            if (i % size == 0) {
                chunk = out.addArray();
            }
            chunk.add(source.get(i));
        }
        return out;
    }

    private static JsonNode arrayContains(Args args) {
        args.count(2);
        ArrayNode source = args.array(0);
        JsonNode wanted = args.get(1);
        for (JsonNode item : source) {
            if (Json.sameValue(item, wanted)) {
                return Json.nodes().booleanNode(true);
            }
        }
        return Json.nodes().booleanNode(false);
    }

    private static JsonNode arrayRange(Args args) {
        args.count(3);
        long start = args.integer(0);
        long end = args.integer(1);
        long step = args.integer(2);
        if (step == 0) {
            throw fail("States.ArrayRange step must not be 0");
        }
        long count = (end - start) / step < 0 ? 0 : (end - start) / step + 1;
        if (count > MAX_RANGE) {
            throw fail("States.ArrayRange would return " + count + " items; at most " + MAX_RANGE + " are allowed");
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (long i = 0; i < count; i++) {
            out.add(start + i * step);
        }
        return out;
    }

    private static JsonNode arrayGetItem(Args args) {
        args.count(2);
        ArrayNode source = args.array(0);
        long index = args.integer(1);
        if (index < 0 || index >= source.size()) {
            throw fail("States.ArrayGetItem index " + index + " is outside the array of " + source.size() + " items");
        }
        return source.get((int) index);
    }

    private static JsonNode arrayLength(Args args) {
        args.count(1);
        return Json.nodes().numberNode(args.array(0).size());
    }

    private static JsonNode arrayUnique(Args args) {
        args.count(1);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode item : args.array(0)) {
            boolean seen = false;
            for (JsonNode kept : out) {
                if (Json.sameValue(kept, item)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                out.add(item);
            }
        }
        return out;
    }

    private static JsonNode base64Encode(Args args) {
        args.count(1);
        String text = limited(args, args.string(0));
        return Json.nodes().textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode base64Decode(Args args) {
        args.count(1);
        String text = limited(args, args.string(0));
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw fail("States.Base64Decode argument is not Base64: " + e.getMessage());
        }
        try {
            return Json.nodes().textNode(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw fail("States.Base64Decode result is not UTF-8 text");
        }
    }

    private static JsonNode hash(Args args) {
        args.count(2);
        JsonNode data = args.get(0);
        String text = limited(args, data.isTextual() ? data.textValue() : Json.write(data));
        String algorithm = HASH_ALGORITHMS.get(args.string(1));
        if (algorithm == null) {
            throw fail("States.Hash algorithm must be one of " + new TreeSet<>(HASH_ALGORITHMS.keySet())
                    + " but was " + args.string(1));
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            return Json.nodes().textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw fail("States.Hash algorithm " + algorithm + " is not available");
        }
    }

    private static JsonNode jsonMerge(Args args) {
        args.count(3);
        ObjectNode left = args.object(0);
        ObjectNode right = args.object(1);
        JsonNode deep = args.get(2);
        if (!deep.isBoolean() || deep.booleanValue()) {
            throw fail("States.JsonMerge supports only a shallow merge: its third argument must be false");
        }
        ObjectNode out = left.deepCopy();
        out.setAll(right.deepCopy());
        return out;
    }

    private static JsonNode mathRandom(Args args) {
        args.countBetween(2, 3);
        long start = args.integer(0);
        long end = args.integer(1);
        if (end <= start) {
            throw fail("States.MathRandom end must be greater than start");
        }
        return Json.nodes().numberNode(start + (long) (RANDOM.nextDouble() * (end - start)));
    }

    private static JsonNode mathAdd(Args args) {
        args.count(2);
        BigDecimal sum = args.number(0).add(args.number(1));
        try {
            return Json.nodes().numberNode(sum.longValueExact());
        } catch (ArithmeticException notWhole) {
            return Json.nodes().numberNode(sum);
        }
    }

    /** Splits at every character of the delimiter, leaving out empty pieces (as Step Functions does). */
    private static JsonNode stringSplit(Args args) {
        args.count(2);
        String text = args.string(0);
        String delimiters = args.string(1);
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (delimiters.isEmpty()) {
            out.add(text);
            return out;
        }
        StringTokenizer tokens = new StringTokenizer(text, delimiters);
        while (tokens.hasMoreTokens()) {
            out.add(tokens.nextToken());
        }
        return out;
    }

    private static JsonNode uuid(Args args) {
        args.count(0);
        return Json.nodes().textNode(UUID.randomUUID().toString());
    }

    private static String limited(Args args, String text) {
        if (text.length() > MAX_STRING) {
            throw fail(args.function() + " accepts at most " + MAX_STRING + " characters but was given " + text.length());
        }
        return text;
    }

    private static AslError fail(String cause) {
        return AslError.intrinsicFailure(cause);
    }
}
