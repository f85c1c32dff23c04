package dev.breakfix.local.stepfunctions.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.local.stepfunctions.ExecutionSnapshot;
import dev.breakfix.local.stepfunctions.HistoryEvent;
import dev.breakfix.local.stepfunctions.asl.Json;

/** Executions and history events as JSON text, the form both stores keep them in. */
final class SnapshotCodec {
    /** Java nulls (fields that do not apply) are left out, so that they read back as null, not JSON null. */
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private SnapshotCodec() {}

    static String write(ExecutionSnapshot snapshot) {
        return writeValue(snapshot);
    }

    static String write(HistoryEvent event) {
        return writeValue(event);
    }

    static ExecutionSnapshot snapshot(String json) {
        return read(json, ExecutionSnapshot.class);
    }

    static HistoryEvent event(String json) {
        return read(json, HistoryEvent.class);
    }

    private static String writeValue(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " could not be read", e);
        }
    }
}
