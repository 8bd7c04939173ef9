package bplab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import bplab.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {
    @TempDir
    Path tmp;

    @Test
    void meanAndSampleStandardDeviationIgnoreNotReachedValues() {
        Stats s = Stats.of(2, 4, 4, 4, 5, 5, 7, 9, Double.NaN);
        assertThat(s.n()).isEqualTo(8);
        assertThat(s.total()).isEqualTo(9);
        assertThat(s.mean()).isEqualTo(5.0);
        // sum of squared deviations 32, n - 1 = 7
        assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(s.min()).isEqualTo(2);
        assertThat(s.max()).isEqualTo(9);
        assertThat(Stats.of(3.0).sd()).isNaN();
        assertThat(Stats.of(Double.NaN).n()).isZero();
    }

    @Test
    void thresholdCrossingIsTheFirstEpochAtOrAboveItWithThatEpochsIterationCount() throws IOException {
        Path dir = RunFixtures.run(tmp.resolve("r"), List.of("seed=1"), new double[] {0.89, 0.90, 0.949, 0.951, 0.94}, 100, 0.5, true);
        RunStats s = RunStats.of(RunData.load(dir, "r", Map.of(), new ConfigLoader()));
        assertThat(s.epochsTo()).containsExactly(2, 4, Double.NaN);
        assertThat(s.iterationsTo()).containsExactly(200, 400, Double.NaN);
        assertThat(s.finalAccuracy()).isEqualTo(0.94);
        assertThat(s.bestAccuracy()).isEqualTo(0.951);
        assertThat(s.wallSeconds()).isEqualTo(3.0);
        assertThat(s.gradW()).hasSize(2);
        assertThat(s.outputDelta().mean()).isCloseTo(3 * s.gradW()[0].mean(), within(1e-9));
    }

    @Test
    void runWithoutSummaryTakesAccuraciesFromEpochsCsv() throws IOException {
        Path dir = RunFixtures.run(tmp.resolve("r"), List.of("seed=1"), new double[] {0.5, 0.7, 0.6}, 10, 0.5, false);
        RunData run = RunData.load(dir, "r", Map.of(), new ConfigLoader());
        assertThat(run.status()).isEqualTo("incomplete");
        RunStats s = RunStats.of(run);
        assertThat(s.finalAccuracy()).isEqualTo(0.6);
        assertThat(s.bestAccuracy()).isEqualTo(0.7);
        assertThat(s.wallSeconds()).isNaN();
    }

    @Test
    void summaryAggregatesSeedsPerGroupInCsvAndMarkdown() throws IOException {
        Path dir = RunFixtures.experiment(tmp.resolve("exp"), 50);
        Report.Files files = new Report(new ConfigLoader()).generate(dir);
        List<String> csv = Files.readAllLines(files.csv());
        List<String> header = Arrays.asList(csv.get(0).split(",", -1));
        String mseGroup = csv.stream().filter(l -> l.startsWith("group,model.output=mse_sigmoid,")).findFirst().orElseThrow();
        String[] cells = mseGroup.split(",", -1);
        // final accuracies 0.93 and 0.96
        assertThat(Double.parseDouble(cells[header.indexOf("final_test_accuracy_mean")])).isCloseTo(0.945, within(1e-12));
        assertThat(Double.parseDouble(cells[header.indexOf("final_test_accuracy_sd")])).isCloseTo(Math.sqrt(2 * 0.015 * 0.015), within(1e-12));
        // 90% after epoch 2 in both seeds; 95% only by seed 2 in epoch 3 (150 iterations); 97% never
        assertThat(Double.parseDouble(cells[header.indexOf("epochs_to_90_mean")])).isEqualTo(2.0);
        assertThat(Double.parseDouble(cells[header.indexOf("iterations_to_90_mean")])).isEqualTo(100.0);
        assertThat(cells[header.indexOf("reached_95")]).isEqualTo("1");
        assertThat(Double.parseDouble(cells[header.indexOf("iterations_to_95_mean")])).isEqualTo(150.0);
        assertThat(cells[header.indexOf("epochs_to_97_mean")]).isEmpty();
        assertThat(cells[header.indexOf("reached_97")]).isEqualTo("0");
        assertThat(cells[header.indexOf("n")]).isEqualTo("2");
        assertThat(csv.stream().filter(l -> l.startsWith("cell,"))).hasSize(4);

        String md = Files.readString(files.markdown());
        assertThat(md).contains("## Aggregated over seeds").contains("| model.output=mse_sigmoid | 1 2 | 94.50 ± 2.12%")
                .contains("3.0; 150 (1/2 seeds reached)").contains("not reached")
                .contains("## Gradient statistics per output configuration").contains("mse_sigmoid / dl4j")
                .contains("## Beside published results").contains("Nielsen ch.1 (network.py)").contains("95.42%")
                .contains("784-30-10 sigmoid, mse_sigmoid");
        assertThat(files.skipped()).containsExactly("model.output=mse_tanh,seed=1 (pending)");
    }
}
