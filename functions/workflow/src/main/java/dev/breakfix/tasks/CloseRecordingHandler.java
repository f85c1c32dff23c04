package dev.breakfix.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.breakfix.recording.Recordings;
import java.util.Map;

/** Task "Close the recording": joins the chunks the gateway wrote into the session's recording. */
public final class CloseRecordingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Recordings recordings;

    public CloseRecordingHandler() {
        this(AwsTaskPlatform.instance());
    }

    public CloseRecordingHandler(TaskPlatform p) {
        this.recordings = p.recordings();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        recordings.assemble(new TaskInput(payload).sessionId());
        return Map.of("closed", true);
    }
}
