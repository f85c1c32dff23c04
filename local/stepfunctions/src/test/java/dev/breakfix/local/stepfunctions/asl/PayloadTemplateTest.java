package dev.breakfix.local.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PayloadTemplateTest {
    private static final JsonNode INPUT = Json.parse("{\"id\":\"s-1\",\"n\":2,\"list\":[1,2]}");
    private static final JsonNode CONTEXT = Json.parse("{\"Execution\":{\"Name\":\"e1\"},\"Task\":{\"Token\":\"tok\"}}");

    @Test
    void evaluate_shouldResolvePathsAndIntrinsicsAtAnyDepth_whenKeysEndWithDollar() {
        // given
        PayloadTemplate template = PayloadTemplate.compile(Json.parse("{\"TableName\":\"Sessions\","
                + "\"Key\":{\"id\":{\"S.$\":\"$.id\"}},\"token.$\":\"$$.Task.Token\","
                + "\"items\":[{\"v.$\":\"$.n\"},\"plain\"],\"label.$\":\"States.Format('{}#{}', $.id, $.n)\"}"));

        // when
        JsonNode out = template.evaluate(INPUT, CONTEXT);

        // then
        assertThat(out).isEqualTo(Json.parse("{\"TableName\":\"Sessions\",\"Key\":{\"id\":{\"S\":\"s-1\"}},"
                + "\"token\":\"tok\",\"items\":[{\"v\":2},\"plain\"],\"label\":\"s-1#2\"}"));
    }

    @Test
    void evaluate_shouldFailWithStatesRuntime_whenAPathMatchesNothing() {
        PayloadTemplate template = PayloadTemplate.compile(Json.parse("{\"x.$\":\"$.missing\"}"));

        assertThatThrownBy(() -> template.evaluate(INPUT, CONTEXT))
                .isInstanceOfSatisfying(AslError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
    }

    @Test
    void compile_shouldRejectTheTemplate_whenADollarFieldHoldsNoPath() {
        assertThatThrownBy(() -> PayloadTemplate.compile(Json.parse("{\"a\":{\"x.$\":3}}")))
                .hasMessageContaining(".a.x.$: a field ending in '.$' needs a path or an intrinsic function");
        assertThatThrownBy(() -> PayloadTemplate.compile(Json.parse("{\"x\":1,\"x.$\":\"$.n\"}")))
                .hasMessageContaining("both 'x' and 'x.$' are present");
    }
}
