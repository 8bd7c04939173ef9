package bplab.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import bplab.benchmark.ScaleBenchmark.Cell;
import bplab.benchmark.ScaleBenchmark.Settings;
import bplab.config.ActivationKind;
import bplab.config.ConfigLoader;
import bplab.config.Dtype;
import bplab.config.RunConfig;
import bplab.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleBenchmarkTest {
    private static RunConfig config(String... overrides) {
        return new ConfigLoader().load(Path.of("config/ce-softmax.yaml"), List.of(overrides));
    }

    /** n random images, 1 pixel in 5 non-zero on average, labels 0-9. */
    private static Dataset images(int n) {
        Random r = new Random(11);
        byte[] pixels = new byte[n * Dataset.FEATURES];
        for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextInt(5) == 0 ? (byte) (1 + r.nextInt(255)) : 0;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        return new Dataset("random", pixels, labels, n);
    }

    @Test
    void everyCellTimesEveryVariantAndTheRoofInEveryRoundWithFlopsCountedByHand(@TempDir Path dir) throws Exception {
        Dataset train = images(120);
        long nonZero = 0;
        for (int i = 0; i < 120 * Dataset.FEATURES; i++) if (train.pixels()[i] != 0) nonZero++;
        double density = nonZero / (120.0 * Dataset.FEATURES);

        List<Variant> variants = List.of(Variant.DL4J_NOSTATS, Variant.HANDWRITTEN);
        Settings settings = new Settings(List.of(5, 12), List.of(4, 16), 2, 32, 8, 2);
        List<Cell> seen = new ArrayList<>();
        List<Cell> cells = new ScaleBenchmark(config(), train).run(variants, settings, seen::add);

        assertThat(seen).isEqualTo(cells);
        assertThat(cells).extracting(Cell::width).containsExactly(5, 5, 12, 12);
        assertThat(cells).extracting(Cell::batch).containsExactly(4, 16, 4, 16);
        for (Cell c : cells) {
            int w = c.width();
            assertThat(c.layerSizes()).containsExactly(784, w, 10);
            assertThat(c.protocol().iterations()).isEqualTo((32 + c.batch() - 1) / c.batch());
            assertThat(c.protocol().warmup()).isEqualTo((8 + c.batch() - 1) / c.batch());
            // forward and dW of 784 x w, forward, dW and delta of w x 10, two FLOPs per multiply-add
            long dense = 2L * 784 * w * 2 + 2L * w * 10 * 3;
            assertThat(c.denseFlops()).isEqualTo(dense);
            assertThat(c.inputDensity()).isEqualTo(density);
            assertThat(c.performedFlops(Variant.DL4J_NOSTATS)).isEqualTo(dense);
            assertThat(c.performedFlops(Variant.HANDWRITTEN))
                    .isCloseTo(density * 2 * 784 * w * 2 + 2.0 * w * 10 * 3, within(1e-6));
            assertThat(c.roofGflops()).hasSize(2);
            for (double g : c.roofGflops()) assertThat(g).isPositive().isFinite();
            assertThat(c.roofThreads()).isEqualTo(2);
            assertThat(c.variants()).extracting(VariantResult::variant).containsExactlyElementsOf(variants);
            for (VariantResult r : c.variants()) {
                assertThat(r.examplesPerSecond()).hasSize(2);
                for (double x : r.examplesPerSecond()) assertThat(x).isPositive().isFinite();
                assertThat(c.denseGflops(r)).isCloseTo(r.median() * dense / 1e9, within(1e-12));
                assertThat(c.fractionOfRoof(r)).isCloseTo(c.denseGflops(r) / c.roofMedian(), within(1e-12)).isPositive();
            }
        }

        Path csv = dir.resolve("sub/scale.csv");
        ScaleBenchmark.writeCsv(csv, cells);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + cells.size() * variants.size());
        assertThat(lines.get(0)).isEqualTo(ScaleBenchmark.CSV_HEADER);
        int columns = ScaleBenchmark.CSV_HEADER.split(",").length;
        for (String line : lines.subList(1, lines.size())) assertThat(line.split(",", -1)).hasSize(columns);
        assertThat(lines.get(1)).startsWith("5,4,784-5-10,dl4j-nostats,2,8,");
        assertThat(lines.get(8)).startsWith("12,16,784-12-10,handwritten,2,2,");
    }

    @Test
    void aCellKeepsTheConfigButForOneHiddenLayerOfItsWidthAndItsBatch() {
        RunConfig base = config("model.hidden=[{units: 30, activation: tanh}, {units: 20}]", "model.dtype=double");
        RunConfig cell = ScaleBenchmark.cellConfig(base, 300, 64);
        assertThat(cell.model().hidden()).hasSize(1);
        assertThat(cell.model().hidden().get(0).units()).isEqualTo(300);
        assertThat(cell.model().hidden().get(0).activation()).isEqualTo(ActivationKind.TANH);
        assertThat(cell.model().dtype()).isEqualTo(Dtype.DOUBLE);
        assertThat(cell.model().output()).isEqualTo(base.model().output());
        assertThat(cell.training().batchSize()).isEqualTo(64);
        assertThat(cell.training().updater()).isEqualTo(base.training().updater());
        assertThat(cell.seed()).isEqualTo(base.seed());
    }

    @Test
    void badSettingsAreRejectedNamingWhatWasFound() {
        assertThatThrownBy(() -> new Settings(List.of(), List.of(10), 1, 1, 0, 2)).hasMessageContaining("found []");
        assertThatThrownBy(() -> new Settings(List.of(0), List.of(10), 1, 1, 0, 2)).hasMessageContaining("found 0");
        assertThatThrownBy(() -> new Settings(List.of(10), List.of(-3), 1, 1, 0, 2)).hasMessageContaining("found -3");
        assertThatThrownBy(() -> new Settings(List.of(10), List.of(10), 1, 1, 0, 0)).hasMessageContaining("roof threads");
        assertThat(new Settings(List.of(10), List.of(256), 3, 5120, 100, 2).protocol(256))
                .isEqualTo(new Protocol(1, 3, 20));
    }
}
