package bplab.train;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends log lines (ours and the libraries') to {@code train.log} in the run directory. The thread that
 * opens the log is tagged with the run (MDC key {@value #MDC_KEY}) until it closes it; lines tagged with
 * another run are kept out, so runs training at the same time on different threads (an experiment's
 * {@code --parallel} cells) each get only their own lines. Untagged lines, from threads outside any run,
 * go to every open run's log.
 */
public final class RunLog implements AutoCloseable {
    static final String MDC_KEY = "bplab.run";
    private static final AtomicLong IDS = new AtomicLong();

    private final FileAppender<ILoggingEvent> appender;
    private final Logger root;
    private final Logger own;
    private final String id;
    private final String previousTag;

    public RunLog(Path file) {
        this.id = IDS.incrementAndGet() + ":" + file;
        this.previousTag = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
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
        Filter<ILoggingEvent> ownRunOnly = new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                String tag = event.getMDCPropertyMap().get(MDC_KEY);
                return tag == null || tag.equals(id) ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        };
        ownRunOnly.setContext(ctx);
        ownRunOnly.start();
        appender.addFilter(ownRunOnly);
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
        if (previousTag == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, previousTag);
        }
    }
}
