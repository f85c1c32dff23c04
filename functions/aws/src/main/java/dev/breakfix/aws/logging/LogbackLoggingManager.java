package dev.breakfix.aws.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Lets Powertools set the log level ({@code POWERTOOLS_LOG_LEVEL}, debug sampling) on Logback, as its own
 * backend modules do for Log4j and Logback; Powertools finds it through {@code META-INF/services}. The
 * level applies to breakfix's loggers: the libraries stay at WARN unless asked for something quieter.
 */
public final class LogbackLoggingManager implements LoggingManager {
    @Override
    public void setLogLevel(org.slf4j.event.Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level logback = Level.toLevel(level.toString());
        context.getLogger(JsonLogConfigurator.BREAKFIX_LOGGERS).setLevel(logback);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (logback.isGreaterOrEqual(root.getEffectiveLevel())) {
            root.setLevel(logback);
        }
    }

    @Override
    public org.slf4j.event.Level getLogLevel(org.slf4j.Logger logger) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level level = context.getLogger(logger.getName()).getEffectiveLevel();
        switch (level.toInt()) {
            case Level.ERROR_INT:
            case Level.OFF_INT:
                return org.slf4j.event.Level.ERROR;
            case Level.WARN_INT:
                return org.slf4j.event.Level.WARN;
            case Level.INFO_INT:
                return org.slf4j.event.Level.INFO;
            case Level.DEBUG_INT:
                return org.slf4j.event.Level.DEBUG;
            default:
                return org.slf4j.event.Level.TRACE;
        }
    }
}
