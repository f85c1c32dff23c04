package dev.breakfix.aws.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * The log lines every function writes, through the production set-up itself (this module has no
 * logback-test.xml, so {@link JsonLogConfigurator} configures Logback as it does on Lambda): one JSON
 * object per line with Powertools' field names, the Lambda context and the {@code sessionId} MDC key that
 * ApiHandler puts on every line about a session.
 */
class JsonLogLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger BREAKFIX = LoggerFactory.getLogger("dev.breakfix.api.http.ApiHandler");
    private static final Logger LIBRARY = LoggerFactory.getLogger("software.amazon.awssdk.request");

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream realStdout;

    @BeforeEach
    void captureStandardOutput() {
        realStdout = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(realStdout);
        PowertoolsLogging.clearState(true);
        MDC.clear();
        context().getLogger(JsonLogConfigurator.BREAKFIX_LOGGERS).setLevel(Level.INFO);
        context().getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }

    @Test
    void logLine_shouldBeOneJsonObjectWithTheSessionIdAndLambdaContext_whenASessionIsInTheMdc() throws Exception {
        // given the logging context of a request about a session, as ApiHandler sets it
        PowertoolsLogging.initializeLogging(new FunctionContext());
        MDC.put("sessionId", "s-0123456789abcdefghjk");

        // when
        BREAKFIX.error("request failed: {}", "GET /api/sessions/s-0123456789abcdefghjk", new IllegalStateException("boom"));

        // then it is one JSON object on one line, with the session id and Powertools' fields
        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode json = JSON.readTree(lines.get(0));
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("message").asText()).isEqualTo("request failed: GET /api/sessions/s-0123456789abcdefghjk");
        assertThat(json.path("sessionId").asText()).isEqualTo("s-0123456789abcdefghjk");
        assertThat(json.path("function_name").asText()).isEqualTo("GetSession");
        assertThat(json.path("function_request_id").asText()).isEqualTo("request-1");
        assertThat(json.path("function_arn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:GetSession");
        assertThat(json.path("function_memory_size").isNumber()).isTrue();
        assertThat(json.path("function_memory_size").asInt()).isEqualTo(512);
        assertThat(json.path("cold_start").isBoolean()).isTrue();
        assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.path("error").path("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.path("error").path("message").asText()).isEqualTo("boom");
        assertThat(json.path("error").path("stack").asText()).contains("JsonLogLinesTest");
    }

    @Test
    void logLine_shouldStayOnOneLine_whenTheMessageHasNewlinesAndQuotes() throws Exception {
        // when
        BREAKFIX.warn("check said \"no\"\nsecond line\ttab");

        // then
        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        assertThat(JSON.readTree(lines.get(0)).path("message").asText()).isEqualTo("check said \"no\"\nsecond line\ttab");
    }

    @Test
    void logLine_shouldCarryTheKeyValuePairs_whenLoggedThroughTheFluentApi() throws Exception {
        // when
        BREAKFIX.atInfo().addKeyValue("count", 3).addKeyValue("stateMachine", "breakfix-session").log("executions resumed");

        // then
        JsonNode json = JSON.readTree(lines().get(0));
        assertThat(json.path("message").asText()).isEqualTo("executions resumed");
        assertThat(json.path("count").asText()).isEqualTo("3");
        assertThat(json.path("stateMachine").asText()).isEqualTo("breakfix-session");
    }

    @Test
    void logLine_shouldWriteEachNameOnce_whenAPairRepeatsAFieldOrAContextKey() throws Exception {
        // given
        MDC.put("sessionId", "s-0123456789abcdefghjk");

        // when
        BREAKFIX.atWarn().addKeyValue("message", "shadow").addKeyValue("sessionId", "s-other").log("the real message");

        // then
        String line = lines().get(0);
        assertThat(line.split("\"message\"", -1)).hasSize(2);
        assertThat(line.split("\"sessionId\"", -1)).hasSize(2);
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("the real message");
        assertThat(json.path("sessionId").asText()).isEqualTo("s-0123456789abcdefghjk");
    }

    @Test
    void configuration_shouldLogBreakfixAtInfoAndLibrariesAtWarn() throws Exception {
        // when
        BREAKFIX.info("session ready");
        LIBRARY.info("sending request");
        LIBRARY.warn("retrying");
        BREAKFIX.debug("details");

        // then
        assertThat(lines()).extracting(line -> JSON.readTree(line).path("message").asText())
                .containsExactly("session ready", "retrying");
    }

    @Test
    void powertoolsLogLevel_shouldChangeBreakfixLoggers_throughLogbackLoggingManager() throws Exception {
        // given the manager Powertools finds (without one it prints errors and ignores POWERTOOLS_LOG_LEVEL)
        assertThat(ServiceLoader.load(LoggingManager.class)).hasExactlyElementsOfTypes(LogbackLoggingManager.class);
        LoggingManager manager = new LogbackLoggingManager();

        // when
        manager.setLogLevel(org.slf4j.event.Level.DEBUG);
        BREAKFIX.debug("details");
        LIBRARY.info("sending request");

        // then breakfix logs at DEBUG, the libraries stay at WARN
        assertThat(manager.getLogLevel(BREAKFIX)).isEqualTo(org.slf4j.event.Level.DEBUG);
        assertThat(manager.getLogLevel(LIBRARY)).isEqualTo(org.slf4j.event.Level.WARN);
        assertThat(lines()).extracting(line -> JSON.readTree(line).path("message").asText()).containsExactly("details");

        // and ERROR quietens everything
        manager.setLogLevel(org.slf4j.event.Level.ERROR);
        assertThat(manager.getLogLevel(LIBRARY)).isEqualTo(org.slf4j.event.Level.ERROR);
    }

    private List<String> lines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
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
