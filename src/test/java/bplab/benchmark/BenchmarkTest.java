package bplab.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BenchmarkTest {
    private static RunConfig config(String... overrides) {
        return new ConfigLoader().load(Path.of("config/ce-softmax.yaml"), List.of(overrides));
    }

    /** n random images (about 80% zero pixels, like MNIST) with labels 0-9. */
    private static Dataset images(int n) {
        Random r = new Random(7);
        byte[] pixels = new byte[n * Dataset.FEATURES];
        for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextInt(5) == 0 ? (byte) r.nextInt(256) : 0;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        return new Dataset("random", pixels, labels, n);
    }

    @Test
    void timesEveryVariantInEveryRoundAndReportsTheListenerCostOnlyWhereItIsMeasured() {
        List<Variant> variants = List.of(Variant.DL4J_NOSTATS, Variant.DL4J_STATS, Variant.HANDWRITTEN);
        List<VariantResult> results = new Benchmark(config("training.batch_size=16"), images(100), new Protocol(1, 3, 4))
                .run(variants);
        assertThat(results).extracting(VariantResult::variant).containsExactlyElementsOf(variants);
        for (VariantResult r : results) {
            assertThat(r.examplesPerSecond()).hasSize(3);
            for (double x : r.examplesPerSecond()) assertThat(x).isPositive().isFinite();
            assertThat(r.median()).isBetween(r.min(), r.max());
            assertThat(r.pairedRatios(r)).containsExactly(1.0, 1.0, 1.0);
        }
        assertThat(results.get(0).statsMicros()).isEmpty();
        assertThat(results.get(1).statsMicros()).isPresent();
        assertThat(results.get(1).statsMicros().getAsDouble()).isPositive();
        assertThat(results.get(2).statsMicros()).isEmpty();
    }

    @Test
    void rejectsABatchLargerThanTheDataAndBadProtocolsAndNames() {
        assertThatThrownBy(() -> new Benchmark(config("training.batch_size=64"), images(10), new Protocol(0, 1, 1))
                .run(List.of(Variant.HANDWRITTEN))).isInstanceOf(ConfigException.class).hasMessageContaining("training.batch_size");
        assertThatThrownBy(() -> new Protocol(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Protocol(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Variant.parse("pytorch")).hasMessageContaining("found 'pytorch'").hasMessageContaining("dl4j-stats");
        assertThat(Variant.parse("handwritten-1thread")).isEqualTo(Variant.HANDWRITTEN_1THREAD);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Benchmark.median(new double[] {4, 1, 3})).isEqualTo(3);
        assertThat(Benchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
