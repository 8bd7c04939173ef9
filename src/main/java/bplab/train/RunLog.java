package bplab.train;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Sends every log line (ours and the libraries') to {@code train.log} in the run directory. */
public final class RunLog implements AutoCloseable {
    private final FileAppender<ILoggingEvent> appender;
    private final Logger root;
    private final Logger own;

    public RunLog(Path file) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS} %-5level %logger{30} - %msg%n");
        encoder.start();
        appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("run-" + file);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        own = ctx.getLogger("bplab"); // not additive: see logback.xml
        own.addAppender(appender);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        own.detachAppender(appender);
        appender.stop();
    }
}
