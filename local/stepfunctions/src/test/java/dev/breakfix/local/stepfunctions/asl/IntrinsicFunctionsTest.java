package dev.breakfix.local.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntrinsicFunctionsTest {
    private static final JsonNode INPUT = Json.parse("{\"name\":\"Ada\",\"n\":3,\"list\":[1,\"a\",{\"k\":1},1],"
            + "\"json\":\"{\\\"a\\\":[1,2]}\",\"obj\":{\"a\":1,\"b\":\"q\\\"uote\"},\"csv\":\"a,b,,c\","
            + "\"template\":\"Hi {}!\",\"flag\":true,\"nil\":null}");
    private static final JsonNode CONTEXT = Json.parse("{\"Execution\":{\"Name\":\"e1\"}}");

    private static JsonNode eval(String invocation) {
        return Intrinsic.parse(invocation).evaluate(INPUT, CONTEXT);
    }

    private static void assertFails(String invocation, String message) {
        assertThatThrownBy(() -> eval(invocation))
                .isInstanceOfSatisfying(AslError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.IntrinsicFailure");
                    assertThat(e.cause()).contains(message);
                });
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "States.Format('Hello, {}. You are {}.', $.name, $.n)|\"Hello, Ada. You are 3.\"",
        "States.Format($.template, $.name)|\"Hi Ada!\"",
        "States.Format('literal \\{\\} and \\' and \\\\ {}', $.flag)|\"literal {} and ' and \\\\ true\"",
        "States.Format('{} {}', $.nil, 2.50)|\"null 2.5\"",
        "States.Format('run {}', $$.Execution.Name)|\"run e1\"",
        "States.StringToJson($.json)|{\"a\":[1,2]}",
        "States.JsonToString($.obj)|\"{\\\"a\\\":1,\\\"b\\\":\\\"q\\\\\\\"uote\\\"}\"",
        "States.Array($.n, 'x', true, null, States.ArrayLength($.list))|[3,\"x\",true,null,4]",
        "States.Array()|[]",
        "States.ArrayLength($.list)|4",
        "States.ArrayContains($.list, $.obj.a)|true",
        "States.ArrayContains($.list, 'b')|false",
        "States.ArrayPartition(States.Array(1,2,3,4,5), 2)|[[1,2],[3,4],[5]]",
        "States.ArrayRange(1, 9, 3)|[1,4,7]",
        "States.ArrayGetItem($.list, 1)|\"a\"",
        "States.ArrayUnique($.list)|[1,\"a\",{\"k\":1}]",
        "States.MathAdd($.n, -5)|-2",
        "States.MathAdd(1.5, 1)|2.5",
        "States.StringSplit($.csv, ',')|[\"a\",\"b\",\"c\"]",
        "States.StringSplit('a.b+c', '.+')|[\"a\",\"b\",\"c\"]",
        "States.Base64Encode('Hello, breakfix')|\"SGVsbG8sIGJyZWFrZml4\"",
        "States.Base64Decode('SGVsbG8sIGJyZWFrZml4')|\"Hello, breakfix\"",
        "States.Hash('abc', 'SHA-256')|\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
        "States.JsonMerge($.obj, States.StringToJson('{\"a\":2}'), false)|{\"a\":2,\"b\":\"q\\\"uote\"}",
    })
    void evaluate_shouldComputeTheFunction_whenArgumentsAreValid(String invocation, String expected) {
        assertThat(Json.sameValue(eval(invocation), Json.parse(expected)))
                .as("%s gave %s", invocation, eval(invocation)).isTrue();
    }

    @Test
    void evaluate_shouldReturnAFreshV4Uuid_whenCalledTwice() {
        String first = eval("States.UUID()").textValue();
        String second = eval("States.UUID()").textValue();

        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void evaluate_shouldStayInRange_whenMathRandomIsCalled() {
        for (int i = 0; i < 50; i++) {
            assertThat(eval("States.MathRandom(1, 4)").intValue()).isBetween(1, 3);
        }
    }

    @Test
    void evaluate_shouldFailWithIntrinsicFailure_whenArgumentsAreWrong() {
        assertFails("States.Format('{} {}', $.name)", "placeholder");
        assertFails("States.Format('{}', $.obj)", "must be strings, numbers, booleans or null");
        assertFails("States.StringToJson('{nope')", "could not parse");
        assertFails("States.ArrayLength($.name)", "must be an array");
        assertFails("States.MathAdd($.name, 1)", "must be a number");
        assertFails("States.Base64Decode('***')", "not Base64");
        assertFails("States.ArrayGetItem($.list, 9)", "outside the array");
        assertFails("States.ArrayRange(1, 5000, 1)", "at most 1000");
        assertFails("States.JsonMerge($.obj, $.obj, true)", "shallow merge");
        assertFails("States.Hash('a', 'CRC32')", "algorithm must be one of");
        assertFails("States.UUID(1)", "takes 0 arguments");
    }

    @Test
    void parse_shouldRejectMalformedInvocations_whenTheDefinitionLoads() {
        assertThatThrownBy(() -> Intrinsic.parse("States.Format('x'")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> Intrinsic.parse("States.Format('x)")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Intrinsic.parse("States.Format('\\x')")).hasMessageContaining("a backslash must escape");
        assertThatThrownBy(() -> Intrinsic.parse("States.Format(name)")).hasMessageContaining("expected a quoted string");
        assertThatThrownBy(() -> Intrinsic.parse("States.Sum(1)")).hasMessageContaining("unknown intrinsic function");
        assertThatThrownBy(() -> Intrinsic.parse("States.UUID() x")).hasMessageContaining("unexpected text");
    }
}
