package dev.breakfix.aws.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * How every function, the terminal gateway and the local runtime log: {@link LambdaJsonEncoder} lines on
 * standard output (which Lambda and ECS ship to CloudWatch Logs), breakfix's own loggers at INFO and
 * everything else (the SDK, MINA, Jetty) at WARN. {@code POWERTOOLS_LOG_LEVEL} changes breakfix's level
 * through {@link LogbackLoggingManager}.
 *
 * <p>Logback finds this class through {@code META-INF/services} before it looks for any XML, so starting
 * the logging costs no XML parser (docs/decisions/0019). A {@code logback-test.xml} on the classpath
 * wins, as Logback's convention has it: test suites use one to log warnings only.
 */
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {
    static final String BREAKFIX_LOGGERS = "dev.breakfix";
    static final String TEST_CONFIGURATION = "logback-test.xml";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = JsonLogConfigurator.class.getClassLoader();
        if (loader != null && loader.getResource(TEST_CONFIGURATION) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LambdaJsonEncoder encoder = new LambdaJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("json");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stdout);
        context.getLogger(BREAKFIX_LOGGERS).setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
