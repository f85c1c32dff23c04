package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A rule of a Choice state: a comparison, or And, Or and Not of rules. */
public sealed interface ChoiceRule permits ChoiceRule.And, ChoiceRule.Or, ChoiceRule.Not, ChoiceRule.Comparison {

    boolean test(JsonNode input, JsonNode context);

    record And(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (ChoiceRule rule : rules) {
                if (!rule.test(input, context)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (ChoiceRule rule : rules) {
                if (rule.test(input, context)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(ChoiceRule rule) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            return !rule.test(input, context);
        }
    }

    /**
     * {@code Variable} compared with {@code operand}: a literal, or for the {@code …Path} operators a
     * path whose value is the operand. A value of another type than the operator's never matches.
     */
    record Comparison(String variable, ComparisonOperator operator, JsonNode operand) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            if (operator == ComparisonOperator.IS_PRESENT) {
                boolean present = JsonPaths.find(variable, input, context).isPresent();
                return present == operand.booleanValue();
            }
            JsonNode value = JsonPaths.read(variable, input, context);
            switch (operator.family()) {
                case TYPE_TEST:
                    return typeTest(value) == operand.booleanValue();
                case STRING_MATCH:
                    return value.isTextual() && wildcard(operand.textValue()).matcher(value.textValue()).matches();
                default:
                    JsonNode other = operator.isPath() ? JsonPaths.read(operand.textValue(), input, context) : operand;
                    return compare(value, other);
            }
        }

        private boolean typeTest(JsonNode value) {
            switch (operator) {
                case IS_NULL:
                    return value.isNull();
                case IS_NUMERIC:
                    return value.isNumber();
                case IS_STRING:
                    return value.isTextual();
                case IS_BOOLEAN:
                    return value.isBoolean();
                case IS_TIMESTAMP:
                    return Timestamps.parse(value).isPresent();
                default:
                    throw new IllegalStateException("not a type test: " + operator);
            }
        }

        private boolean compare(JsonNode value, JsonNode other) {
            int order;
            switch (operator.family()) {
                case STRING:
                    if (!value.isTextual() || !other.isTextual()) {
                        return false;
                    }
                    order = value.textValue().compareTo(other.textValue());
                    break;
                case NUMERIC:
                    if (!value.isNumber() || !other.isNumber()) {
                        return false;
                    }
                    order = value.decimalValue().compareTo(other.decimalValue());
                    break;
                case BOOLEAN:
                    return value.isBoolean() && other.isBoolean() && value.booleanValue() == other.booleanValue();
                case TIMESTAMP:
                    Optional<Instant> left = Timestamps.parse(value);
                    Optional<Instant> right = Timestamps.parse(other);
                    if (left.isEmpty() || right.isEmpty()) {
                        return false;
                    }
                    order = left.get().compareTo(right.get());
                    break;
                default:
                    throw new IllegalStateException("not a comparison: " + operator);
            }
            switch (operator.relation()) {
                case EQUALS:
                    return order == 0;
                case LESS_THAN:
                    return order < 0;
                case GREATER_THAN:
                    return order > 0;
                case LESS_THAN_EQUALS:
                    return order <= 0;
                case GREATER_THAN_EQUALS:
                    return order >= 0;
                default:
                    throw new IllegalStateException("no relation: " + operator);
            }
        }

        /** StringMatches: {@code *} matches any text, {@code \*} a star, {@code \\} a backslash. */
        static Pattern wildcard(String pattern) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length() && (pattern.charAt(i + 1) == '*' || pattern.charAt(i + 1) == '\\')) {
                    literal.append(pattern.charAt(++i));
                } else if (c == '*') {
                    if (literal.length() > 0) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append("[\\s\\S]*");
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                regex.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(regex.toString());
        }
    }
}
