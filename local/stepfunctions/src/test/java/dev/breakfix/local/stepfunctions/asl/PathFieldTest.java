package dev.breakfix.local.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PathFieldTest {
    private static final JsonNode RAW = Json.parse("{\"keep\":1,\"nested\":{\"x\":1}}");
    private static final JsonNode RESULT = Json.parse("{\"r\":true}");

    @Test
    void merge_shouldReplaceTheInput_whenResultPathIsTheWhole() {
        assertThat(PathField.WHOLE.merge(RAW, RESULT)).isEqualTo(RESULT);
    }

    @Test
    void merge_shouldDiscardTheResult_whenResultPathIsNull() {
        assertThat(PathField.NOTHING.merge(RAW, RESULT)).isEqualTo(RAW);
    }

    @Test
    void merge_shouldCreateMissingObjects_whenResultPathIsNested() {
        // when
        JsonNode merged = PathField.of("$.a.b.c").merge(RAW, RESULT);

        // then
        assertThat(merged).isEqualTo(Json.parse("{\"keep\":1,\"nested\":{\"x\":1},\"a\":{\"b\":{\"c\":{\"r\":true}}}}"));
        assertThat(RAW).isEqualTo(Json.parse("{\"keep\":1,\"nested\":{\"x\":1}}"));
    }

    @Test
    void merge_shouldKeepSiblings_whenResultPathPointsIntoAnExistingObject() {
        assertThat(PathField.of("$.nested.y").merge(RAW, RESULT))
                .isEqualTo(Json.parse("{\"keep\":1,\"nested\":{\"x\":1,\"y\":{\"r\":true}}}"));
    }

    @Test
    void merge_shouldFailWithResultPathMatchFailure_whenTheInputIsNotAnObject() {
        assertThatThrownBy(() -> PathField.of("$.x").merge(Json.parse("[1]"), RESULT))
                .isInstanceOfSatisfying(AslError.class,
                        e -> assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure"));
        assertThatThrownBy(() -> PathField.of("$.keep.x").merge(RAW, RESULT))
                .isInstanceOfSatisfying(AslError.class,
                        e -> assertThat(e.error()).isEqualTo("States.ResultPathMatchFailure"));
    }

    @Test
    void select_shouldGiveAnEmptyObject_whenInputPathIsNull() {
        assertThat(PathField.NOTHING.select(RAW, Json.object())).isEqualTo(Json.object());
        assertThat(PathField.of("$.nested").select(RAW, Json.object())).isEqualTo(Json.parse("{\"x\":1}"));
    }
}
