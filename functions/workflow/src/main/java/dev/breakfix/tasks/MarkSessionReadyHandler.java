package dev.breakfix.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.breakfix.session.MarkingSessionReady;
import java.util.Map;

/** Task "Mark the session ready": starts the clock. Output {@code {expiresAt, secondsLeft}}. */
public final class MarkSessionReadyHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final MarkingSessionReady marking;

    public MarkSessionReadyHandler() {
        this(AwsTaskPlatform.instance());
    }

    public MarkSessionReadyHandler(TaskPlatform p) {
        this.marking = new MarkingSessionReady(p.catalog(), p.sessions(), p.clock());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        MarkingSessionReady.Ready ready = marking.markReady(new TaskInput(payload).sessionId());
        return Map.of("expiresAt", ready.expiresAt().toString(), "secondsLeft", ready.secondsLeft());
    }
}
