package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed intrinsic function invocation such as {@code States.Format('Hi {}', $.name)}. Parsing
 * happens when the definition loads, so a malformed invocation is a definition error; evaluation
 * failures are {@code States.IntrinsicFailure}.
 */
public final class Intrinsic {
    /** One argument of an invocation. */
    sealed interface Arg permits Literal, Text, PathArg, Call {}

    /** A number, {@code true}, {@code false} or {@code null}. */
    record Literal(JsonNode value) implements Arg {}

    /**
     * A quoted string. {@code parts} splits it at each {@code {}} that was not escaped, which
     * States.Format needs; {@code value} is the unescaped text.
     */
    record Text(String value, List<String> parts) implements Arg {}

    record PathArg(String path) implements Arg {}

    record Call(String function, List<Arg> args) implements Arg {}

    private final String source;
    private final Call call;

    private Intrinsic(String source, Call call) {
        this.source = source;
        this.call = call;
    }

    /** Whether a payload template value names an intrinsic function rather than a path. */
    public static boolean looksLikeIntrinsic(String value) {
        return value.startsWith("States.");
    }

    /** Parses an invocation; {@link IllegalArgumentException} says what is wrong and where. */
    public static Intrinsic parse(String source) {
        Parser parser = new Parser(source);
        Call call = parser.call();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected text after the closing parenthesis");
        }
        return new Intrinsic(source, call);
    }

    public JsonNode evaluate(JsonNode input, JsonNode context) {
        return IntrinsicFunctions.invoke(call, input, context);
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Call call() {
            skipSpaces();
            int start = at;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
                at++;
            }
            String name = text.substring(start, at);
            if (!name.startsWith("States.") || name.length() == "States.".length()) {
                throw error("expected a function name such as States.Format");
            }
            if (!IntrinsicFunctions.isKnown(name)) {
                throw error("unknown intrinsic function " + name + "; supported: " + IntrinsicFunctions.names());
            }
            skipSpaces();
            expect('(');
            List<Arg> args = new ArrayList<>();
            skipSpaces();
            if (!atEnd() && peek() == ')') {
                at++;
                return new Call(name, args);
            }
            while (true) {
                args.add(arg());
                skipSpaces();
                if (atEnd()) {
                    throw error("missing ')'");
                }
                char c = text.charAt(at++);
                if (c == ')') {
                    return new Call(name, args);
                }
                if (c != ',') {
                    throw error("expected ',' or ')'");
                }
            }
        }

        Arg arg() {
            skipSpaces();
            if (atEnd()) {
                throw error("missing argument");
            }
            char c = peek();
            if (c == '\'') {
                return text();
            }
            if (c == '$') {
                return path();
            }
            if (text.startsWith("States.", at)) {
                return call();
            }
            int start = at;
            while (!atEnd() && peek() != ',' && peek() != ')' && !Character.isWhitespace(peek())) {
                at++;
            }
            String word = text.substring(start, at);
            switch (word) {
                case "true":
                    return new Literal(Json.nodes().booleanNode(true));
                case "false":
                    return new Literal(Json.nodes().booleanNode(false));
                case "null":
                    return new Literal(Json.nodes().nullNode());
                default:
                    if (word.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
                        return new Literal(Json.parse(word));
                    }
                    at = start;
                    throw error("expected a quoted string, a number, true, false, null, a path or a function"
                            + " but found '" + word + "'");
            }
        }

        Text text() {
            expect('\'');
            StringBuilder value = new StringBuilder();
            StringBuilder part = new StringBuilder();
            List<String> parts = new ArrayList<>();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(at++);
                if (c == '\'') {
                    parts.add(part.toString());
                    return new Text(value.toString(), List.copyOf(parts));
                }
                if (c == '\\') {
                    if (atEnd()) {
                        throw error("a backslash must escape one of ' { } \\");
                    }
                    char escaped = text.charAt(at++);
                    if ("'{}\\".indexOf(escaped) < 0) {
                        throw error("a backslash must escape one of ' { } \\");
                    }
                    value.append(escaped);
                    part.append(escaped);
                } else if (c == '{' && !atEnd() && peek() == '}') {
                    at++;
                    value.append("{}");
                    parts.add(part.toString());
                    part.setLength(0);
                } else {
                    value.append(c);
                    part.append(c);
                }
            }
        }

        PathArg path() {
            int start = at;
            int depth = 0;
            char quote = 0;
            while (!atEnd()) {
                char c = peek();
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || (c == ')' && depth > 0)) {
                    depth--;
                } else if (depth == 0 && (c == ',' || c == ')' || Character.isWhitespace(c))) {
                    break;
                }
                at++;
            }
            String path = text.substring(start, at);
            try {
                JsonPaths.check(path);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            return new PathArg(path);
        }

        void expect(char c) {
            if (atEnd() || peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                at++;
            }
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("intrinsic function '" + text + "' at position " + at + ": " + what);
        }
    }
}
