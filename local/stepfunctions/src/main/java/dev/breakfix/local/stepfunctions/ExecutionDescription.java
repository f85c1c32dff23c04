package dev.breakfix.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** An execution as DescribeExecution shows it, plus the state it is in while it runs. */
public record ExecutionDescription(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        Instant startDate,
        Optional<Instant> stopDate,
        JsonNode input,
        Optional<JsonNode> output,
        Optional<String> error,
        Optional<String> cause,
        Optional<String> currentState) {

    static ExecutionDescription of(ExecutionSnapshot s) {
        return new ExecutionDescription(s.executionArn(), s.stateMachineArn(), s.name(), s.status(), s.startDate(),
                Optional.ofNullable(s.stopDate()), s.input(), Optional.ofNullable(s.output()),
                Optional.ofNullable(s.error()), Optional.ofNullable(s.cause()),
                s.cursor() == null ? Optional.empty() : Optional.of(s.cursor().state()));
    }
}
