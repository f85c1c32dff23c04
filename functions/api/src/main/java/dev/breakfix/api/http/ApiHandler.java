package dev.breakfix.api.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.session.SessionId;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The frame every API handler shares: structured logging with the request's context, and the
 * guarantee that a caller sees a JSON error, never a stack trace. Subclasses parse, call one use
 * case, and map its result.
 */
public abstract class ApiHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        // Every log line of a request about a session carries its id.
        pathParameter(request, "id").filter(SessionId::isValid).ifPresent(id -> MDC.put("sessionId", id));
        try {
            return handle(request);
        } catch (ApiException refused) {
            return ApiResponses.error(refused.error());
        } catch (RuntimeException e) {
            LOG.error("request failed", e);
            return ApiResponses.error(ApiError.internal());
        } finally {
            MDC.remove("sessionId");
            if (context != null) {
                // Lambda gives each invocation its own thread state; the local gateway reuses its threads
                // (the terminal gateway's among them), which must not log as the last function they ran.
                PowertoolsLogging.clearState(true);
            }
        }
    }

    protected abstract APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request);

    protected static Optional<String> pathParameter(APIGatewayProxyRequestEvent request, String name) {
        Map<String, String> parameters = request.getPathParameters();
        return parameters == null ? Optional.empty() : Optional.ofNullable(parameters.get(name));
    }
}
