package dev.breakfix.local.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChoiceRuleTest {
    private static final JsonNode INPUT = Json.parse("{\"s\":\"beta\",\"other\":\"beta\",\"n\":5,\"m\":5.0,\"f\":2.5,"
            + "\"b\":true,\"t\":\"2026-01-02T10:00:00Z\",\"t2\":\"2026-01-02T11:00:00+01:00\",\"nil\":null,"
            + "\"file\":\"log-2026*.txt\",\"obj\":{}}");
    private static final JsonNode CONTEXT = Json.object();

    private static ChoiceRule.Comparison rule(String variable, String operator, String operand) {
        return new ChoiceRule.Comparison(variable, ComparisonOperator.byField(operator).orElseThrow(),
                Json.parse(operand));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "$.s|StringEquals|\"beta\"|true",
        "$.s|StringEquals|\"Beta\"|false",
        "$.s|StringEqualsPath|\"$.other\"|true",
        "$.s|StringLessThan|\"gamma\"|true",
        "$.s|StringGreaterThan|\"alpha\"|true",
        "$.s|StringLessThanEquals|\"beta\"|true",
        "$.s|StringGreaterThanEquals|\"c\"|false",
        "$.n|StringEquals|\"5\"|false",
        "$.s|StringMatches|\"b*a\"|true",
        "$.s|StringMatches|\"*x*\"|false",
        "$.file|StringMatches|\"log-2026\\\\*.txt\"|true",
        "$.file|StringMatches|\"log-2026\\\\*.csv\"|false",
        "$.n|NumericEquals|5|true",
        "$.m|NumericEquals|5|true",
        "$.n|NumericEqualsPath|\"$.m\"|true",
        "$.f|NumericLessThan|3|true",
        "$.f|NumericGreaterThan|2.5|false",
        "$.f|NumericGreaterThanEquals|2.5|true",
        "$.n|NumericLessThanEqualsPath|\"$.f\"|false",
        "$.s|NumericEquals|5|false",
        "$.b|BooleanEquals|true|true",
        "$.b|BooleanEqualsPath|\"$.b\"|true",
        "$.n|BooleanEquals|true|false",
        "$.t|TimestampEquals|\"2026-01-02T10:00:00.000Z\"|true",
        "$.t2|TimestampEqualsPath|\"$.t\"|true",
        "$.t|TimestampLessThan|\"2026-01-02T10:00:01Z\"|true",
        "$.t|TimestampGreaterThan|\"2026-01-02T09:00:00Z\"|true",
        "$.t|TimestampLessThanEquals|\"2026-01-02T10:00:00Z\"|true",
        "$.t|TimestampGreaterThanEquals|\"2027-01-01T00:00:00Z\"|false",
        "$.s|TimestampEquals|\"2026-01-02T10:00:00Z\"|false",
        "$.nil|IsNull|true|true",
        "$.s|IsNull|false|true",
        "$.s|IsPresent|true|true",
        "$.missing|IsPresent|false|true",
        "$.missing|IsPresent|true|false",
        "$.n|IsNumeric|true|true",
        "$.s|IsNumeric|false|true",
        "$.s|IsString|true|true",
        "$.b|IsBoolean|true|true",
        "$.t|IsTimestamp|true|true",
        "$.s|IsTimestamp|true|false",
    })
    void test_shouldCompareAsTheLanguageSays_whenOperatorsAreApplied(String variable, String operator, String operand,
            boolean expected) {
        assertThat(rule(variable, operator, operand).test(INPUT, CONTEXT)).isEqualTo(expected);
    }

    @Test
    void test_shouldCombineRules_whenAndOrNotAreUsed() {
        ChoiceRule yes = rule("$.b", "BooleanEquals", "true");
        ChoiceRule no = rule("$.n", "NumericLessThan", "0");

        assertThat(new ChoiceRule.And(List.of(yes, no)).test(INPUT, CONTEXT)).isFalse();
        assertThat(new ChoiceRule.Or(List.of(no, yes)).test(INPUT, CONTEXT)).isTrue();
        assertThat(new ChoiceRule.Not(no).test(INPUT, CONTEXT)).isTrue();
    }

    @Test
    void test_shouldFailWithStatesRuntime_whenTheVariableIsMissing() {
        assertThatThrownBy(() -> rule("$.missing", "StringEquals", "\"x\"").test(INPUT, CONTEXT))
                .isInstanceOfSatisfying(AslError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
    }
}
