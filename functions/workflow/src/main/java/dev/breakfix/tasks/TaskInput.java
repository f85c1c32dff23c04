package dev.breakfix.tasks;

import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Reading a task's payload (the Parameters the ASL sends), failing loudly on a malformed one. */
record TaskInput(Map<String, Object> payload) {

    SessionId sessionId() {
        return new SessionId(text("sessionId"));
    }

    String text(String field) {
        return optionalText(field).orElseThrow(() -> new IllegalArgumentException("the task input has no " + field));
    }

    Optional<String> optionalText(String field) {
        Object value = payload.get(field);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    Optional<Instant> optionalInstant(String field) {
        return optionalText(field).map(Instant::parse);
    }
}
