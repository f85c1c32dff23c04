package dev.breakfix.local.stepfunctions.asl;

import java.util.Arrays;
import java.util.Optional;

/** The comparison operators of Choice rules, by the field name that spells them. */
public enum ComparisonOperator {
    STRING_EQUALS("StringEquals", Family.STRING, Relation.EQUALS, false),
    STRING_EQUALS_PATH("StringEqualsPath", Family.STRING, Relation.EQUALS, true),
    STRING_LESS_THAN("StringLessThan", Family.STRING, Relation.LESS_THAN, false),
    STRING_LESS_THAN_PATH("StringLessThanPath", Family.STRING, Relation.LESS_THAN, true),
    STRING_GREATER_THAN("StringGreaterThan", Family.STRING, Relation.GREATER_THAN, false),
    STRING_GREATER_THAN_PATH("StringGreaterThanPath", Family.STRING, Relation.GREATER_THAN, true),
    STRING_LESS_THAN_EQUALS("StringLessThanEquals", Family.STRING, Relation.LESS_THAN_EQUALS, false),
    STRING_LESS_THAN_EQUALS_PATH("StringLessThanEqualsPath", Family.STRING, Relation.LESS_THAN_EQUALS, true),
    STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Family.STRING, Relation.GREATER_THAN_EQUALS, false),
    STRING_GREATER_THAN_EQUALS_PATH("StringGreaterThanEqualsPath", Family.STRING, Relation.GREATER_THAN_EQUALS, true),
    STRING_MATCHES("StringMatches", Family.STRING_MATCH, Relation.NONE, false),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, Relation.EQUALS, false),
    NUMERIC_EQUALS_PATH("NumericEqualsPath", Family.NUMERIC, Relation.EQUALS, true),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, Relation.LESS_THAN, false),
    NUMERIC_LESS_THAN_PATH("NumericLessThanPath", Family.NUMERIC, Relation.LESS_THAN, true),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, Relation.GREATER_THAN, false),
    NUMERIC_GREATER_THAN_PATH("NumericGreaterThanPath", Family.NUMERIC, Relation.GREATER_THAN, true),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, Relation.LESS_THAN_EQUALS, false),
    NUMERIC_LESS_THAN_EQUALS_PATH("NumericLessThanEqualsPath", Family.NUMERIC, Relation.LESS_THAN_EQUALS, true),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, Relation.GREATER_THAN_EQUALS, false),
    NUMERIC_GREATER_THAN_EQUALS_PATH("NumericGreaterThanEqualsPath", Family.NUMERIC, Relation.GREATER_THAN_EQUALS, true),
    BOOLEAN_EQUALS("BooleanEquals", Family.BOOLEAN, Relation.EQUALS, false),
    BOOLEAN_EQUALS_PATH("BooleanEqualsPath", Family.BOOLEAN, Relation.EQUALS, true),
    TIMESTAMP_EQUALS("TimestampEquals", Family.TIMESTAMP, Relation.EQUALS, false),
    TIMESTAMP_EQUALS_PATH("TimestampEqualsPath", Family.TIMESTAMP, Relation.EQUALS, true),
    TIMESTAMP_LESS_THAN("TimestampLessThan", Family.TIMESTAMP, Relation.LESS_THAN, false),
    TIMESTAMP_LESS_THAN_PATH("TimestampLessThanPath", Family.TIMESTAMP, Relation.LESS_THAN, true),
    TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Family.TIMESTAMP, Relation.GREATER_THAN, false),
    TIMESTAMP_GREATER_THAN_PATH("TimestampGreaterThanPath", Family.TIMESTAMP, Relation.GREATER_THAN, true),
    TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Family.TIMESTAMP, Relation.LESS_THAN_EQUALS, false),
    TIMESTAMP_LESS_THAN_EQUALS_PATH("TimestampLessThanEqualsPath", Family.TIMESTAMP, Relation.LESS_THAN_EQUALS, true),
    TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Family.TIMESTAMP, Relation.GREATER_THAN_EQUALS, false),
    TIMESTAMP_GREATER_THAN_EQUALS_PATH("TimestampGreaterThanEqualsPath", Family.TIMESTAMP, Relation.GREATER_THAN_EQUALS, true),
    IS_NULL("IsNull", Family.TYPE_TEST, Relation.NONE, false),
    IS_PRESENT("IsPresent", Family.TYPE_TEST, Relation.NONE, false),
    IS_NUMERIC("IsNumeric", Family.TYPE_TEST, Relation.NONE, false),
    IS_STRING("IsString", Family.TYPE_TEST, Relation.NONE, false),
    IS_BOOLEAN("IsBoolean", Family.TYPE_TEST, Relation.NONE, false),
    IS_TIMESTAMP("IsTimestamp", Family.TYPE_TEST, Relation.NONE, false);

    /** What kind of value the operator compares. */
    public enum Family { STRING, STRING_MATCH, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    enum Relation { EQUALS, LESS_THAN, GREATER_THAN, LESS_THAN_EQUALS, GREATER_THAN_EQUALS, NONE }

    private final String field;
    private final Family family;
    private final Relation relation;
    private final boolean path;

    ComparisonOperator(String field, Family family, Relation relation, boolean path) {
        this.field = field;
        this.family = family;
        this.relation = relation;
        this.path = path;
    }

    public static Optional<ComparisonOperator> byField(String field) {
        return Arrays.stream(values()).filter(op -> op.field.equals(field)).findFirst();
    }

    public String field() {
        return field;
    }

    public Family family() {
        return family;
    }

    Relation relation() {
        return relation;
    }

    /** Whether the operand is a path to the value to compare with. */
    public boolean isPath() {
        return path;
    }
}
