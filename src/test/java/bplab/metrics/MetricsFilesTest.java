package bplab.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.train.EpochRecord;
import bplab.train.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFilesTest {
    @TempDir
    Path dir;

    @Test
    void resumeDropsATornLastLineAndRowsAfterTheCheckpoint() throws IOException {
        String header = String.join(",", MetricsFiles.iterationHeader(1));
        Files.writeString(dir.resolve(MetricsFiles.ITERATIONS), header + "\n"
                + "0,0,2,0.5,0.0,0.1,0.2,0.3,0.01\n"
                + "1,0,2,0.4,0.0,0.1,0.2,0.3,0.01\n"
                + "2,0,2,0.3,0.0,0.1,0.2,0.3,0.01\n"
                + "3,1,2,0.2,0.0,0.1,0.2");                     // torn by a crash: no newline, too few cells
        Files.writeString(dir.resolve(MetricsFiles.EPOCHS), String.join(",", MetricsFiles.epochHeader()) + "\n"
                + "0,2,0.45,0.0,0.4,0.9,,,1.0,100.0\n"
                + "1,4,0.35,0.0,0.3,0.9");                       // torn
        try (MetricsFiles m = MetricsFiles.resume(dir, 1, 2, 1)) {
            m.iteration(2, 1, 2, new StepResult(0.25, 0.0, null));
        }
        assertThat(Files.readAllLines(dir.resolve(MetricsFiles.ITERATIONS))).containsExactly(header,
                "0,0,2,0.5,0.0,0.1,0.2,0.3,0.01", "1,0,2,0.4,0.0,0.1,0.2,0.3,0.01", "2,1,2,0.25,0.0,,,,");
        List<EpochRecord> epochs = MetricsFiles.readEpochs(dir);
        assertThat(epochs).hasSize(1);
        assertThat(epochs.get(0).test().accuracy()).isEqualTo(0.9);
        assertThat(epochs.get(0).validation()).isNull();
    }
}
