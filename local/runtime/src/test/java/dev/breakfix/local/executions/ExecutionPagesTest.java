package dev.breakfix.local.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.ExecutionDescription;
import dev.breakfix.local.stepfunctions.ExecutionStatus;
import dev.breakfix.local.stepfunctions.HistoryEvent;
import dev.breakfix.local.stepfunctions.HistoryEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionPagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String ID = "s-0123456789abcdefghjk";

    private final List<HistoryEvent> history = new ArrayList<>();

    private void event(long millis, HistoryEventType type, ObjectNode details) {
        history.add(new HistoryEvent(history.size() + 1, history.size(), T0.plusMillis(millis), type, details));
    }

    private static ObjectNode details() {
        return JSON.createObjectNode();
    }

    /** Launch fails once, is retried, then succeeds; the runtime restarts while the session waits. */
    private void aSessionWithARetryAndARestart() {
        event(0, HistoryEventType.ExecutionStarted, details());
        event(0, HistoryEventType.TaskStateEntered, details().put("name", "Launch the server")
                .set("input", details().put("sessionId", ID)));
        event(1, HistoryEventType.TaskScheduled, details().put("resource", "arn:aws:states:::aws-sdk:ec2:runInstances"));
        event(2, HistoryEventType.TaskFailed, details().put("error", "Ec2.InternalErrorException").put("cause", "try again"));
        event(3, HistoryEventType.TaskScheduled, details());
        event(4, HistoryEventType.TaskSucceeded, details());
        event(700, HistoryEventType.TaskStateExited, details().put("name", "Launch the server")
                .set("output", details().put("serverId", "bfx-abcdefgh")));
        event(700, HistoryEventType.TaskStateEntered, details().put("name", "Wait for the session to end"));
        event(701, HistoryEventType.TaskScheduled, details());
        event(9000, HistoryEventType.ExecutionResumed, details().put("name", "Wait for the session to end"));
    }

    @Test
    void steps_shouldBeOnePerStateVisit_withAttemptsErrorsTimesAndRestarts() {
        aSessionWithARetryAndARestart();

        List<ExecutionSteps.Step> steps = ExecutionSteps.of(history);

        assertThat(steps).extracting(ExecutionSteps.Step::state)
                .containsExactly("Launch the server", "Wait for the session to end");
        ExecutionSteps.Step launch = steps.get(0);
        assertThat(launch.type()).isEqualTo("Task");
        assertThat(launch.attempts()).isEqualTo(2);
        assertThat(launch.errors()).extracting(ExecutionSteps.StepError::error)
                .containsExactly("Ec2.InternalErrorException");
        assertThat(launch.took()).contains(java.time.Duration.ofMillis(700));
        assertThat(launch.input().orElseThrow().path("sessionId").asText()).isEqualTo(ID);
        assertThat(launch.output().orElseThrow().path("serverId").asText()).isEqualTo("bfx-abcdefgh");
        assertThat(launch.resumed()).isFalse();
        assertThat(steps.get(1).exitedAt()).isEmpty();
        assertThat(steps.get(1).resumed()).isTrue();
    }

    @Test
    void executionHtml_shouldEscapeEverythingTakenFromTheExecution() {
        // given an execution whose input, state output and error carry markup
        event(0, HistoryEventType.ExecutionStarted, details());
        event(0, HistoryEventType.PassStateEntered, details().put("name", "Note <b>this</b>")
                .set("input", details().put("scenarioId", "<script>alert(1)</script>")));
        event(1, HistoryEventType.PassStateExited, details().put("name", "Note <b>this</b>")
                .set("output", details().put("x", "\"quoted\" & 'single'")));
        event(2, HistoryEventType.ExecutionFailed, details().put("error", "<img src=x onerror=alert(2)>")
                .put("cause", "<iframe>"));
        JsonNode input = details().put("scenarioId", "<script>alert(1)</script>");
        ExecutionDescription failed = new ExecutionDescription("arn:exec", "arn:machine", ID, ExecutionStatus.FAILED,
                T0, Optional.of(T0.plusMillis(2)), input, Optional.empty(), Optional.of("<img src=x onerror=alert(2)>"),
                Optional.of("<iframe>"), Optional.empty());

        // when it is rendered
        String page = ExecutionPages.executionHtml(failed, history);
        String list = ExecutionPages.listHtml(List.of(failed));

        // then no markup from it survives, only its text
        assertThat(page).doesNotContain("<script>alert", "<img src=x", "<iframe>", "<b>this</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
                        "Note &lt;b&gt;this&lt;/b&gt;", "\\&quot;quoted\\&quot; &amp; &#39;single&#39;");
        assertThat(list).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(2)&gt;");
        assertThat(page).doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void executionJson_shouldCarryTheStepsAndTheRawEvents() {
        aSessionWithARetryAndARestart();
        ExecutionDescription running = new ExecutionDescription("arn:exec", "arn:machine", ID, ExecutionStatus.RUNNING,
                T0, Optional.empty(), details(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("Wait for the session to end"));

        ObjectNode json = ExecutionPages.executionJson(running, history);

        assertThat(json.path("sessionId").asText()).isEqualTo(ID);
        assertThat(json.path("status").asText()).isEqualTo("RUNNING");
        assertThat(json.path("currentState").asText()).isEqualTo("Wait for the session to end");
        assertThat(json.path("steps").get(0).path("attempts").asInt()).isEqualTo(2);
        assertThat(json.path("steps").get(0).path("durationMillis").asLong()).isEqualTo(700);
        assertThat(json.path("steps").get(0).path("errors").get(0).path("cause").asText()).isEqualTo("try again");
        assertThat(json.path("steps").get(1).path("resumed").asBoolean()).isTrue();
        assertThat(json.path("events")).hasSize(history.size());
        assertThat(ExecutionPages.executionHtml(running, history)).contains("http-equiv=\"refresh\"");
    }
}
