package bplab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class RunLogTest {
    private static final Logger LOG = LoggerFactory.getLogger(RunLogTest.class);
    private static final Logger LIBRARY = LoggerFactory.getLogger("org.example.library");

    @Test
    void runsOnDifferentThreadsAtTheSameTimeGetOnlyTheirOwnLinesAndSharedUntaggedOnes(@TempDir Path dir) throws Exception {
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        CyclicBarrier bothOpen = new CyclicBarrier(3);
        CountDownLatch untaggedWritten = new CountDownLatch(1);
        Thread a = runOn(logA, "line from run A", bothOpen, untaggedWritten);
        Thread b = runOn(logB, "line from run B", bothOpen, untaggedWritten);
        bothOpen.await();
        bothOpen.await(); // both runs have written their own lines
        Thread library = new Thread(() -> LIBRARY.info("untagged library line"));
        library.start();
        library.join(); // the line is appended before the thread ends
        untaggedWritten.countDown();
        a.join();
        b.join();

        String textA = Files.readString(logA);
        String textB = Files.readString(logB);
        assertThat(textA).contains("line from run A", "library line for run A", "untagged library line")
                .doesNotContain("run B");
        assertThat(textB).contains("line from run B", "library line for run B", "untagged library line")
                .doesNotContain("run A");
    }

    @Test
    void closingRestoresTheThreadsPreviousTag(@TempDir Path dir) {
        MDC.remove(RunLog.MDC_KEY);
        try (RunLog outer = new RunLog(dir.resolve("outer.log"))) {
            String outerTag = MDC.get(RunLog.MDC_KEY);
            assertThat(outerTag).isNotNull();
            try (RunLog inner = new RunLog(dir.resolve("inner.log"))) {
                assertThat(MDC.get(RunLog.MDC_KEY)).isNotEqualTo(outerTag);
            }
            assertThat(MDC.get(RunLog.MDC_KEY)).isEqualTo(outerTag);
        }
        assertThat(MDC.get(RunLog.MDC_KEY)).isNull();
    }

    private static Thread runOn(Path file, String line, CyclicBarrier barrier, CountDownLatch untaggedWritten) {
        String run = line.substring(line.length() - 5);
        Thread t = new Thread(() -> {
            try (RunLog log = new RunLog(file)) {
                barrier.await();
                LOG.info(line);
                LIBRARY.info("library line for " + run);
                barrier.await();
                untaggedWritten.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }
}
