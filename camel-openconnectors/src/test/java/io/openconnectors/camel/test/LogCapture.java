package io.openconnectors.camel.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what the component logs, for tests that check log lines (one clear line, no stack trace, no secret).
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One captured line. */
    public record Line(Level level, String logger, String message, Throwable thrown) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Map<LoggerConfig, Level> levels = new HashMap<>();

    private LogCapture() {
        super("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
    }

    /** Starts capturing everything logged at INFO or above. */
    public static LogCapture capture() {
        return capture(Level.INFO);
    }

    /** Starts capturing everything logged at {@code threshold} or above, from every logger. */
    public static LogCapture capture(Level threshold) {
        LogCapture capture = new LogCapture();
        capture.attach(threshold);
        return capture;
    }

    private void attach(Level threshold) {
        start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        // also from loggers the test configuration quiets
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        loggers.add(config.getRootLogger());
        for (LoggerConfig logger : loggers) {
            levels.put(logger, logger.getLevel());
            if (logger.getLevel().isMoreSpecificThan(threshold)) {
                logger.setLevel(threshold);
            }
        }
        // every logger passes its events on to the root: one appender there sees each line once
        config.getRootLogger().addAppender(this, threshold, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(),
                event.getThrown()));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines whose message contains {@code text}. */
    public List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    /** Every message, for checking that a secret appears nowhere. */
    public String all() {
        StringBuilder all = new StringBuilder();
        lines.forEach(l -> {
            all.append(l.message()).append('\n');
            for (Throwable t = l.thrown(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
        });
        return all.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        levels.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        stop();
    }
}
