package bplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ConfigLoader;
import bplab.train.MetricsFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics files with empty cells ("not recorded") and NaN / Infinity cells (a diverged iteration). */
class NonFiniteTest {
    @TempDir
    Path tmp;

    /**
     * Every odd iteration's gradient cells emptied (as gradient_norms_every: 2 writes them), and
     * the last iteration diverged: NaN loss and output delta, an infinite layer-0 gradient norm.
     * The last epoch's test loss is NaN.
     */
    static void diverge(Path run) throws IOException {
        Path it = run.resolve(MetricsFiles.ITERATIONS);
        List<String> lines = new ArrayList<>(Files.readAllLines(it));
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            if (i == lines.size() - 1) {
                c[3] = "NaN";      // loss (c[4] is the L2 penalty)
                c[5] = "NaN";      // output_delta_norm
                c[6] = "Infinity"; // grad_norm_0_W
                c[7] = "NaN";      // grad_norm_0_b
            } else if ((i - 1) % 2 == 1) {
                for (int k = 5; k < c.length; k++) c[k] = "";
            }
            lines.set(i, String.join(",", c));
        }
        Files.write(it, lines);
        Path ep = run.resolve(MetricsFiles.EPOCHS);
        List<String> epochs = new ArrayList<>(Files.readAllLines(ep));
        String[] c = epochs.get(epochs.size() - 1).split(",", -1);
        c[4] = "NaN"; // test_loss
        epochs.set(epochs.size() - 1, String.join(",", c));
        Files.write(ep, epochs);
    }

    @Test
    void theReaderKeepsEmptyCellsApartFromNaNCells() throws IOException {
        Path run = RunFixtures.run(tmp.resolve("r"), List.of("seed=1"), new double[] {0.9, 0.95}, 5, 0.5, true);
        diverge(run);
        CsvTable t = CsvTable.read(run.resolve(MetricsFiles.ITERATIONS), c -> true);
        assertThat(t.rows()).isEqualTo(10);
        RunData.Column delta = t.recorded("output_delta_norm");
        assertThat(delta.values()[1]).isNaN();
        assertThat(delta.empty().get(1)).as("iteration 1 not recorded").isTrue();
        assertThat(delta.values()[9]).isNaN();
        assertThat(delta.empty().get(9)).as("iteration 9 recorded as NaN").isFalse();
        assertThat(t.column("grad_norm_0_W")[9]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(t.recorded("no_such_column").empty().cardinality()).isEqualTo(10);
    }

    @Test
    void aRecordedNaNMakesTheRunsMeanNaNWhileEmptyCellsAreLeftOut() throws IOException {
        Path skipped = RunFixtures.run(tmp.resolve("skipped"), List.of("seed=1"), new double[] {0.9, 0.95}, 5, 0.5, true);
        Path diverged = RunFixtures.run(tmp.resolve("diverged"), List.of("seed=1"), new double[] {0.9, 0.95}, 5, 0.5, true);
        diverge(diverged);
        // skipped: the same as diverged up to the last row, which stays finite
        List<String> lines = new ArrayList<>(Files.readAllLines(diverged.resolve(MetricsFiles.ITERATIONS)));
        List<String> original = Files.readAllLines(skipped.resolve(MetricsFiles.ITERATIONS));
        lines.set(lines.size() - 1, original.get(original.size() - 1));
        Files.write(skipped.resolve(MetricsFiles.ITERATIONS), lines);

        RunStats ok = RunStats.of(RunData.load(skipped, "skipped", Map.of(), new ConfigLoader()));
        assertThat(ok.outputDelta().n()).as("iterations 0, 2, 4, 6, 8 and 9 recorded").isEqualTo(6);
        assertThat(ok.outputDelta().hasNonFinite()).isFalse();
        assertThat(ok.outputDelta().mean()).isFinite().isPositive();

        RunStats bad = RunStats.of(RunData.load(diverged, "diverged", Map.of(), new ConfigLoader()));
        assertThat(bad.outputDelta().nonFinite()).isEqualTo(1);
        assertThat(bad.outputDelta().mean()).as("not the mean of the finite rest").isNaN();
        assertThat(bad.gradW()[0].nonFinite()).isEqualTo(1);
        assertThat(bad.gradW()[1].hasNonFinite()).as("layer 1 was finite throughout").isFalse();

        Stats overRuns = Stats.ofMeans(List.of(ok.outputDelta(), bad.outputDelta(), Stats.of()));
        assertThat(overRuns.total()).isEqualTo(3);
        assertThat(overRuns.nonFinite()).isEqualTo(1);
        assertThat(overRuns.n()).isEqualTo(1);
        assertThat(overRuns.mean()).isNaN();
        assertThat(Stats.of(1.0, Double.NaN).mean()).as("NaN given to Stats.of is 'no value'").isEqualTo(1.0);
        assertThat(Stats.of(1.0, Double.POSITIVE_INFINITY).mean()).isNaN();
    }

    @Test
    void aReportOverADivergedRunDrawsItsChartsAndSaysNaN() throws IOException {
        Path dir = RunFixtures.experiment(tmp.resolve("exp"), 40);
        diverge(dir.resolve("model.output-mse_sigmoid__seed-2"));
        Report.Files files = new Report(new ConfigLoader()).generate(dir);
        assertThat(files.charts()).hasSize(6);
        for (Path png : files.charts()) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img).as(png.toString()).isNotNull();
        }
        String md = Files.readString(files.markdown());
        assertThat(md).contains("NaN (1/2 runs not finite)");

        List<String> csv = Files.readAllLines(files.csv());
        List<String> header = Arrays.asList(csv.get(0).split(",", -1));
        int delta = header.indexOf("mean_output_delta_norm");
        int grad1 = header.indexOf("mean_grad_norm_1_W");
        String[] divergedCell = csv.stream().filter(l -> l.startsWith("cell,") && l.contains("mse_sigmoid,seed=2"))
                .findFirst().orElseThrow().split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        assertThat(divergedCell[delta]).isEqualTo("NaN");
        assertThat(Double.parseDouble(divergedCell[grad1])).isPositive();
        String[] group = csv.stream().filter(l -> l.startsWith("group,model.output=mse_sigmoid,")).findFirst().orElseThrow()
                .split(",", -1);
        assertThat(group[delta]).isEqualTo("NaN");
        String[] healthy = csv.stream().filter(l -> l.startsWith("group,model.output=ce_softmax,")).findFirst().orElseThrow()
                .split(",", -1);
        assertThat(Double.parseDouble(healthy[delta])).isPositive();
    }
}
