package bplab.train;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void noValidationSplitStaysEmptyWhileNaNAndInfinityAreWrittenAndReadBack() throws IOException {
        try (MetricsFiles m = MetricsFiles.create(dir, 1)) {
            m.iteration(0, 0, 2, new StepResult(0.5, 0.0, null));
            m.iteration(1, 0, 2, new StepResult(Double.NaN, 0.0, new GradientStats(new double[] {Double.POSITIVE_INFINITY},
                    new double[] {Double.NaN}, new double[] {Double.NaN}, Double.NaN)));
            m.epoch(new EpochRecord(0, 2, 0.4, 0.0, new Evaluation(Double.NaN, 0.1, null, 10), null, 1.0, 2.0));
            m.epoch(new EpochRecord(1, 4, 0.3, 0.0, new Evaluation(0.2, 0.9, null, 10), new Evaluation(Double.NaN, 0.8, null, 5),
                    1.0, 2.0));
        }
        assertThat(Files.readAllLines(dir.resolve(MetricsFiles.ITERATIONS))).containsExactly(
                String.join(",", MetricsFiles.iterationHeader(1)), "0,0,2,0.5,0.0,,,,", "1,0,2,NaN,0.0,NaN,Infinity,NaN,NaN");
        assertThat(Files.readAllLines(dir.resolve(MetricsFiles.EPOCHS))).containsExactly(
                String.join(",", MetricsFiles.epochHeader()), "0,2,0.4,0.0,NaN,0.1,,,1.0,2.0",
                "1,4,0.3,0.0,0.2,0.9,NaN,0.8,1.0,2.0");

        List<EpochRecord> epochs = MetricsFiles.readEpochs(dir);
        assertThat(epochs.get(0).test().loss()).isNaN();
        assertThat(epochs.get(0).validation()).as("empty validation cells: no validation split").isNull();
        assertThat(epochs.get(1).validation()).isNotNull();
        assertThat(epochs.get(1).validation().loss()).isNaN();
        assertThat(epochs.get(1).validation().accuracy()).isEqualTo(0.8);
    }
}
