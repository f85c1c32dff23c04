package dev.breakfix.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One event of an execution's history, like Step Functions' GetExecutionHistory: ids count from 1,
 * {@code details} holds the event's fields ({@code name}, {@code input}, {@code output},
 * {@code error}, {@code cause}, {@code resource}, …) with inputs and outputs as JSON values.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, HistoryEventType type, ObjectNode details) {

    public Optional<String> stateName() {
        return text("name");
    }

    public Optional<String> error() {
        return text("error");
    }

    public Optional<String> cause() {
        return text("cause");
    }

    public Optional<JsonNode> input() {
        return Optional.ofNullable(details.get("input"));
    }

    public Optional<JsonNode> output() {
        return Optional.ofNullable(details.get("output"));
    }

    private Optional<String> text(String field) {
        JsonNode value = details.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
