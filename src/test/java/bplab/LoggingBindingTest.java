package bplab;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingBindingTest {
    @Test
    void slf4jBindsToLogbackAndLinesArrive() {
        // With slf4j-api 1.7 on the classpath, SLF4J would fall back to its no-op logger here.
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(ctx);
        appender.start();
        ch.qos.logback.classic.Logger logger = ctx.getLogger("bplab.test");
        logger.addAppender(appender);
        Logger slf4j = LoggerFactory.getLogger("bplab.test");
        slf4j.info("hello {}", 42);
        logger.detachAppender(appender);
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("hello 42");
    }
}
