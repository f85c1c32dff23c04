package dev.breakfix.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.breakfix.api.FixturePlatform;
import dev.breakfix.api.catalog.GetScenarioHandler;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.slf4j.MDC;

class ApiHandlerTest {
    private final FixturePlatform platform = new FixturePlatform();

    @ParameterizedTest
    @Event(value = "events/get-scenario.json", type = APIGatewayProxyRequestEvent.class)
    void handleRequest_shouldLeaveNoLogContextOnTheThread_becauseTheLocalGatewayReusesIt(
            APIGatewayProxyRequestEvent event) {
        // when a function runs with Lambda's context on a thread the local gateway owns
        APIGatewayProxyResponseEvent response = new GetScenarioHandler(platform).handleRequest(event, new FunctionContext());

        // then the next thing logged there (a terminal, another function) is not labelled as this one
        assertThat(response.getStatusCode()).isEqualTo(200);
        Map<String, String> left = MDC.getCopyOfContextMap();
        assertThat(left == null ? new HashMap<String, String>() : left).isEmpty();
    }

    /** A Lambda context with a name and a request id, as Lambda passes to every invocation. */
    private static final class FunctionContext implements Context {
        public String getAwsRequestId() { return "request-1"; }
        public String getLogGroupName() { return "/aws/lambda/GetScenario"; }
        public String getLogStreamName() { return "stream"; }
        public String getFunctionName() { return "GetScenario"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:000000000000:function:GetScenario"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 29_000; }
        public int getMemoryLimitInMB() { return 512; }
        public LambdaLogger getLogger() { return null; }
    }
}
