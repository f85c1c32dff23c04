package dev.breakfix.local.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonPathsTest {
    private static final JsonNode INPUT = Json.parse("{\"a\":{\"b\":[1,2,{\"c\":\"x\"}]},\"n\":null,\"s\":\"t\"}");
    private static final JsonNode CONTEXT = Json.parse("{\"Execution\":{\"Id\":\"arn:x\",\"Name\":\"e1\"}}");

    @Test
    void read_shouldSelectNodes_whenPathsAreDefinite() {
        assertThat(JsonPaths.read("$", INPUT, CONTEXT)).isEqualTo(INPUT);
        assertThat(JsonPaths.read("$.a.b[2].c", INPUT, CONTEXT).textValue()).isEqualTo("x");
        assertThat(JsonPaths.read("$['a']['b'][0]", INPUT, CONTEXT).intValue()).isEqualTo(1);
        assertThat(JsonPaths.read("$.n", INPUT, CONTEXT).isNull()).isTrue();
    }

    @Test
    void read_shouldReadTheContextObject_whenPathStartsWithTwoDollars() {
        assertThat(JsonPaths.read("$$.Execution.Name", INPUT, CONTEXT).textValue()).isEqualTo("e1");
        assertThat(JsonPaths.read("$$", INPUT, CONTEXT)).isEqualTo(CONTEXT);
    }

    @Test
    void read_shouldReturnAnArray_whenPathIsIndefinite() {
        assertThat(JsonPaths.read("$.a.b[*]", INPUT, CONTEXT)).isEqualTo(Json.parse("[1,2,{\"c\":\"x\"}]"));
        assertThat(JsonPaths.read("$..c", INPUT, CONTEXT)).isEqualTo(Json.parse("[\"x\"]"));
    }

    @Test
    void read_shouldFailWithStatesRuntime_whenNothingIsThere() {
        for (String path : new String[] {"$.missing", "$.a.b[7]", "$.s.deeper", "$$.Task.Token"}) {
            assertThatThrownBy(() -> JsonPaths.read(path, INPUT, CONTEXT))
                    .isInstanceOfSatisfying(AslError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"))
                    .hasMessageContaining(path);
        }
    }

    @Test
    void find_shouldBeEmpty_whenAPathMatchesNothing() {
        assertThat(JsonPaths.find("$.a.b[3]", INPUT, CONTEXT)).isEmpty();
        assertThat(JsonPaths.find("$.n", INPUT, CONTEXT)).isPresent();
    }

    @Test
    void checkReference_shouldRejectIndefinitePaths_whenASingleNodeIsNeeded() {
        assertThatThrownBy(() -> JsonPaths.checkReference("$.a[*]")).hasMessageContaining("must be a reference path");
        assertThatThrownBy(() -> JsonPaths.checkReference("$..c")).hasMessageContaining("must be a reference path");
        assertThatThrownBy(() -> JsonPaths.check("a.b")).hasMessageContaining("must start with '$'");
        JsonPaths.checkReference("$.a['b c'][0]");
    }

    @Test
    void segments_shouldSplitAReferencePath_whenItMixesNotations() {
        assertThat(JsonPaths.segments("$.a['b c'][2].d")).containsExactly("a", "b c", 2, "d");
        assertThat(JsonPaths.segments("$")).isEmpty();
    }
}
