package bplab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PeakMemoryTest {
    @Test
    void readsTheHighWaterMarkInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";
        assertThat(PeakMemory.parse(status)).hasValue(123456L * 1024);
        assertThat(PeakMemory.parse("Name:\tjava\nVmRSS:\t 1 kB\n")).isEmpty();
    }

    @Test
    void theProcessHasAPeakOnLinuxAndNoneElsewhere() {
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            // at least what this JVM's heap already holds
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertThat(PeakMemory.peakResidentBytes()).isPresent();
            assertThat(PeakMemory.peakResidentBytes().getAsLong()).isGreaterThan(used / 2);
        } else {
            assertThat(PeakMemory.peakResidentBytes()).isEmpty();
        }
    }
}
