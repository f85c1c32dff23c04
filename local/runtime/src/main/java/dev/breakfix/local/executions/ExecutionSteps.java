package dev.breakfix.local.executions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.stepfunctions.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An execution's history read the way the Step Functions console shows it: one step per state visit,
 * with what went in and came out, when, how many times its task was tried and the errors on the way.
 */
public final class ExecutionSteps {
    private ExecutionSteps() {}

    /** One failed attempt of a task, or the error that ended the execution in this state. */
    public record StepError(String error, Optional<String> cause, Instant at) {}

    /**
     * @param type the state's type: Task, Pass, Choice, Wait, Succeed, Fail
     * @param attempts how many times the task was called (0 for other types)
     * @param resumed whether a restarted runtime took the execution up again in this state
     */
    public record Step(String state, String type, Instant enteredAt, Optional<Instant> exitedAt,
            Optional<JsonNode> input, Optional<JsonNode> output, int attempts, List<StepError> errors,
            boolean resumed) {

        public Optional<Duration> took() {
            return exitedAt.map(exit -> Duration.between(enteredAt, exit));
        }
    }

    /** The steps of a history, in the order the execution went through them. */
    public static List<Step> of(List<HistoryEvent> history) {
        List<Builder> steps = new ArrayList<>();
        Builder current = null;
        for (HistoryEvent event : history) {
            String type = event.type().name();
            if (type.endsWith("StateEntered")) {
                current = new Builder(event.stateName().orElse("?"), type.substring(0, type.length() - "StateEntered".length()),
                        event.timestamp(), event.input());
                steps.add(current);
            } else if (current == null) {
                continue;
            } else if (type.endsWith("StateExited")) {
                current.exitedAt = Optional.of(event.timestamp());
                current.output = event.output();
            } else {
                switch (event.type()) {
                    case TaskScheduled:
                        current.attempts++;
                        break;
                    case TaskFailed:
                    case TaskTimedOut:
                    case ExecutionFailed:
                    case ExecutionTimedOut:
                    case ExecutionAborted:
                        if (event.error().isPresent() || event.cause().isPresent()) {
                            current.errors.add(new StepError(event.error().orElse(type), event.cause(),
                                    event.timestamp()));
                        }
                        break;
                    case ExecutionResumed:
                        markResumed(steps, event.stateName().orElse(current.state));
                        break;
                    default:
                        break;
                }
            }
        }
        return steps.stream().map(Builder::build).toList();
    }

    /** The restart took the execution up in the last visit of the state it names. */
    private static void markResumed(List<Builder> steps, String state) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).state.equals(state)) {
                steps.get(i).resumed = true;
                return;
            }
        }
    }

    private static final class Builder {
        final String state;
        final String type;
        final Instant enteredAt;
        final Optional<JsonNode> input;
        Optional<Instant> exitedAt = Optional.empty();
        Optional<JsonNode> output = Optional.empty();
        int attempts;
        final List<StepError> errors = new ArrayList<>();
        boolean resumed;

        Builder(String state, String type, Instant enteredAt, Optional<JsonNode> input) {
            this.state = state;
            this.type = type;
            this.enteredAt = enteredAt;
            this.input = input;
        }

        Step build() {
            return new Step(state, type, enteredAt, exitedAt, input, output, attempts, List.copyOf(errors), resumed);
        }
    }
}
