package dev.breakfix.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.breakfix.session.ParkingSession;
import java.util.Map;

/**
 * Task "Wait for the session to end" (invoked with {@code .waitForTaskToken}): stores the token on the
 * session and returns; the execution then waits until the token is resumed or times out.
 */
public final class StoreWaitTokenHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ParkingSession parking;

    public StoreWaitTokenHandler() {
        this(AwsTaskPlatform.instance());
    }

    public StoreWaitTokenHandler(TaskPlatform p) {
        this.parking = new ParkingSession(p.sessions(), p.workflows(), p.clock());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        TaskInput input = new TaskInput(payload);
        parking.park(input.sessionId(), input.text("taskToken"), input.optionalInstant("expiresAt"));
        return Map.of("parked", true);
    }
}
