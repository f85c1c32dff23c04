package dev.breakfix.local.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionLoaderTest {

    private static InvalidDefinitionException problemsOf(String definition) {
        try {
            DefinitionLoader.parse(definition);
        } catch (InvalidDefinitionException e) {
            return e;
        }
        throw new AssertionError("the definition was accepted");
    }

    @Test
    void load_shouldReplacePlaceholders_whenSubstitutionsAreGiven() {
        // given
        String text = "{\"StartAt\":\"Save\",\"States\":{\"Save\":{\"Type\":\"Task\",\"Resource\":\"${PutItem}\","
                + "\"Parameters\":{\"TableName\":\"${Table}\"},\"End\":true}}}";

        // when
        Definition definition = DefinitionLoader.load(text, Map.of("PutItem", "arn:aws:states:::dynamodb:putItem",
                "Table", "Sessions", "Unused", "x"));

        // then
        State.Task save = (State.Task) definition.state("Save");
        assertThat(save.resource().target()).isEqualTo("arn:aws:states:::dynamodb:putItem");
        assertThat(definition.source()).contains("\"TableName\":\"Sessions\"").doesNotContain("${");
    }

    @Test
    void load_shouldNameEveryMissingSubstitution_whenPlaceholdersHaveNoValue() {
        // given
        String text = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"${Fn}\",\"Parameters\":"
                + "{\"T\":\"${Table}\"},\"End\":true}}}";

        // when / then
        assertThatThrownBy(() -> DefinitionLoader.load(text, Map.of()))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("no definition substitution for ${Fn}")
                .hasMessageContaining("no definition substitution for ${Table}");
    }

    @Test
    void parse_shouldRejectUnknownStateType_whenTypeIsMisspelled() {
        // given / when
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Tsk\",\"End\":true}}}");

        // then
        assertThat(e.problems()).containsExactly("States.A.Type: unknown state type 'Tsk'; expected one of Task, Pass,"
                + " Choice, Wait, Succeed, Fail");
    }

    @Test
    void parse_shouldRequireNextOrEnd_whenAStateHasNeither() {
        // given / when
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}");

        // then
        assertThat(e.problems()).containsExactly("States.A: needs Next or \"End\": true");
    }

    @Test
    void parse_shouldRejectBothNextAndEnd_whenAStateHasBoth() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\","
                + "\"Next\":\"A\",\"End\":true}}}");

        assertThat(e.problems()).containsExactly("States.A: has both Next and End; a state either goes on or ends");
    }

    @Test
    void parse_shouldReportEveryBadReference_whenTransitionsPointNowhere() {
        // given / when
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"Nope\",\"States\":{"
                + "\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f\","
                + "\"Next\":\"Missing\",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Gone\"}]},"
                + "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.x\",\"IsPresent\":true,\"Next\":\"Lost\"}],"
                + "\"Default\":\"Away\"}}}");

        // then
        assertThat(e.problems()).contains("StartAt: no state named 'Nope'", "States.A.Next: no state named 'Missing'",
                "States.A.Catch[0].Next: no state named 'Gone'", "States.C.Choices[0].Next: no state named 'Lost'",
                "States.C.Default: no state named 'Away'");
    }

    @Test
    void parse_shouldRejectUnreachableStates_whenNothingLeadsToThem() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"},"
                + "\"Orphan\":{\"Type\":\"Succeed\"}}}");

        assertThat(e.problems()).containsExactly("States.Orphan: cannot be reached from StartAt");
    }

    @Test
    void parse_shouldRefuseParallelAndMap_whenTheDefinitionUsesThem() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\","
                + "\"Branches\":[],\"Next\":\"M\"},\"M\":{\"Type\":\"Map\",\"End\":true}}}");

        assertThat(e.problems()).contains("States.P: Parallel states are not supported by the local runner",
                "States.M: Map states are not supported by the local runner");
    }

    @Test
    void parse_shouldRefuseJsonataAndUnknownFields_whenPresent() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\","
                + "\"Assign\":{\"x\":1},\"Resulte\":1,\"End\":true}}}");

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "States.A.Assign: JSONata and variables are not supported by the local runner",
                "States.A.Resulte: unknown field");
    }

    @Test
    void parse_shouldRequireStatesAllAloneAndLast_whenUsedInRetry() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f\",\"End\":true,\"Retry\":["
                + "{\"ErrorEquals\":[\"States.ALL\",\"X\"]},{\"ErrorEquals\":[\"Y\"],\"BackoffRate\":0.5}]}}}");

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "States.A.Retry[0].ErrorEquals: States.ALL must appear alone, in the last entry",
                "States.A.Retry[1].BackoffRate: must be a number of at least 1.0");
    }

    @Test
    void parse_shouldRejectBadPathsAndIntrinsics_whenMalformed() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\","
                + "\"InputPath\":\"nope\",\"ResultPath\":\"$.items[*]\",\"Parameters\":{\"a.$\":\"States.Nope(1)\","
                + "\"b.$\":\"plain\"},\"End\":true}}}");

        assertThat(e.problems()).hasSize(3);
        assertThat(String.join("\n", e.problems()))
                .contains("States.A.InputPath: a path must start with '$'")
                .contains("States.A.ResultPath: '$.items[*]' must be a reference path")
                .contains("unknown intrinsic function States.Nope");
    }

    @Test
    void parse_shouldRejectLongStateNames_whenOverEightyCharacters() {
        String name = "x".repeat(81);
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"" + name + "\",\"States\":{\"" + name
                + "\":{\"Type\":\"Succeed\"}}}");

        assertThat(e.problems()).containsExactly("States." + name + ": a state name must have 1 to 80 characters,"
                + " this one has 81");
    }

    @Test
    void parse_shouldRefuseIntegrationPatternsAwsDoesNotOffer_whenWaitingOnDynamoDb() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::dynamodb:putItem.waitForTaskToken\",\"Next\":\"B\"},"
                + "\"B\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::ecs:runTask.sync\",\"End\":true}}}");

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("DynamoDB integration has no .waitForTaskToken pattern");
        assertThat(e.problems().get(1)).contains(".sync integration pattern is not supported");
    }

    @Test
    void parse_shouldCheckChoiceRules_whenOperatorsAreWrong() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\","
                + "\"Choices\":[{\"Variable\":\"$.a\",\"NumericEquals\":\"1\",\"Next\":\"D\"},"
                + "{\"Variable\":\"$.a\",\"StringEquals\":\"x\",\"IsNull\":true,\"Next\":\"D\"},"
                + "{\"Not\":{\"Variable\":\"$.a\",\"IsNull\":true,\"Next\":\"D\"},\"Next\":\"D\"},"
                + "{\"Variable\":\"$.t\",\"TimestampEquals\":\"yesterday\",\"Next\":\"D\"}]},\"D\":{\"Type\":\"Succeed\"}}}");

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "States.C.Choices[0].NumericEquals: must be a number",
                "States.C.Choices[1]: a comparison needs exactly one operator (StringEquals, NumericLessThan,"
                        + " IsPresent, …) but has 2",
                "States.C.Choices[2].Not.Next: only top-level choice rules have Next",
                "States.C.Choices[3].TimestampEquals: must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
    }

    @Test
    void parse_shouldRequireExactlyOneWaitField_whenAWaitStateHasTwo() {
        InvalidDefinitionException e = problemsOf("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\","
                + "\"Seconds\":1,\"SecondsPath\":\"$.s\",\"End\":true}}}");

        assertThat(e.problems()).containsExactly("States.W: a Wait state needs exactly one of Seconds, SecondsPath,"
                + " Timestamp, TimestampPath but has [Seconds, SecondsPath]");
    }

    @Test
    void parse_shouldAcceptEveryConstruct_whenTheDefinitionIsValid() {
        // given
        String text = "{\"Comment\":\"all\",\"StartAt\":\"T\",\"TimeoutSeconds\":60,\"States\":{"
                + "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
                + "\"Parameters\":{\"FunctionName\":\"f\",\"Payload\":{\"token.$\":\"$$.Task.Token\"}},"
                + "\"TimeoutSecondsPath\":\"$.timeout\",\"HeartbeatSeconds\":5,\"ResultSelector\":{\"r.$\":\"$\"},"
                + "\"ResultPath\":\"$.result\",\"Retry\":[{\"ErrorEquals\":[\"States.Timeout\"],\"MaxAttempts\":0},"
                + "{\"ErrorEquals\":[\"States.ALL\"],\"MaxDelaySeconds\":10,\"JitterStrategy\":\"FULL\"}],"
                + "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.error\",\"Next\":\"F\"}],\"Next\":\"C\"},"
                + "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"And\":[{\"Variable\":\"$.a\",\"IsPresent\":true},"
                + "{\"Not\":{\"Variable\":\"$.a\",\"StringMatches\":\"x*\"}}],\"Next\":\"W\"}],\"Default\":\"S\"},"
                + "\"W\":{\"Type\":\"Wait\",\"TimestampPath\":\"$.until\",\"Next\":\"P\"},"
                + "\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},\"ResultPath\":null,\"Next\":\"S\"},"
                + "\"S\":{\"Type\":\"Succeed\",\"OutputPath\":\"$.result\"},"
                + "\"F\":{\"Type\":\"Fail\",\"ErrorPath\":\"$.error.Error\",\"CausePath\":\"States.Format('x {}', $.a)\"}}}";

        // when
        Definition definition = DefinitionLoader.parse(text);

        // then
        assertThat(definition.states()).containsOnlyKeys("T", "C", "W", "P", "S", "F");
        assertThat(definition.timeoutSeconds()).hasValue(60);
        State.Task task = (State.Task) definition.state("T");
        assertThat(task.resource().waitsForTaskToken()).isTrue();
        assertThat(task.retry().get(1).maxAttempts()).isEqualTo(3);
        assertThat(definition.taskTargets()).containsExactly("arn:aws:states:::lambda:invoke");
    }
}
