package dev.breakfix.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The functions' log configuration (functions/aws's log4j2.properties, on every Lambda package's classpath):
 * one JSON object per line in Powertools' Lambda layout, with the Lambda context's fields and the
 * {@code sessionId} MDC key that ApiHandler puts on every line about a session.
 */
class JsonLogLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void clearLogContext() {
        PowertoolsLogging.clearState(true);
        MDC.clear();
    }

    @Test
    void logLine_shouldBeJsonWithTheSessionIdAndLambdaContext_whenASessionIsInTheMdc() throws Exception {
        // given the logging context of a request about a session, as ApiHandler sets it
        PowertoolsLogging.initializeLogging(new FunctionContext());
        MDC.put("sessionId", "s-0123456789abcdefghjk");
        Configuration configuration = context().getConfiguration();
        Appender appender = configuration.getAppender("JsonAppender");

        // when a line is laid out as the functions' appender lays it out
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName("dev.breakfix.api.http.ApiHandler")
                .setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("request failed"))
                .setContextData(new SortedArrayStringMap(ThreadContext.getImmutableContext()))
                .setThrown(new IllegalStateException("boom"))
                .build();
        String line = new String(appender.getLayout().toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);

        // then it is one JSON object on one line, with the session id and Powertools' fields
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("message").asText()).isEqualTo("request failed");
        assertThat(json.path("sessionId").asText()).isEqualTo("s-0123456789abcdefghjk");
        assertThat(json.path("function_name").asText()).isEqualTo("GetSession");
        assertThat(json.path("function_request_id").asText()).isEqualTo("request-1");
        assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.path("error").path("name").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void configuration_shouldLogBreakfixAtInfoAndOthersAtWarn_intoTheJsonAppender() {
        // given
        Configuration configuration = context().getConfiguration();

        // then
        assertThat(configuration.getConfigurationSource().getLocation()).endsWith("log4j2.properties");
        assertThat(configuration.getLoggerConfig("dev.breakfix.api").getLevel()).isEqualTo(Level.INFO);
        assertThat(configuration.getLoggerConfig("dev.breakfix.api").getAppenders()).containsOnlyKeys("JsonAppender");
        assertThat(configuration.getRootLogger().getLevel()).isEqualTo(Level.WARN);
        assertThat(configuration.getRootLogger().getAppenders()).containsOnlyKeys("JsonAppender");
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    /** A Lambda context with a name and a request id, as Lambda passes to every invocation. */
    private static final class FunctionContext implements Context {
        public String getAwsRequestId() { return "request-1"; }
        public String getLogGroupName() { return "/aws/lambda/GetSession"; }
        public String getLogStreamName() { return "stream"; }
        public String getFunctionName() { return "GetSession"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:000000000000:function:GetSession"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 29_000; }
        public int getMemoryLimitInMB() { return 512; }
        public LambdaLogger getLogger() { return null; }
    }
}
