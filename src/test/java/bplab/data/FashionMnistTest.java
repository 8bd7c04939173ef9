package bplab.data;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.DataConfig;
import bplab.config.DatasetKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs when scripts/fetch-fashion-mnist.sh has placed the gzipped files (it is not part of the test command). */
class FashionMnistTest {
    @Test
    void gzippedFashionMnistReadsWithKnownSizes() {
        Path dir = Path.of("data/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST not fetched (scripts/fetch-fashion-mnist.sh)");
        DataSplit split = DataSplit.load(new DataConfig(DatasetKind.FASHION_MNIST, null, null, null, null), null);
        assertThat(split.train().size()).isEqualTo(60_000);
        assertThat(split.test().size()).isEqualTo(10_000);
        int[] counts = new int[10];
        for (int i = 0; i < split.test().size(); i++) counts[split.test().label(i)]++;
        assertThat(counts).containsOnly(1000); // the test set is balanced, 1,000 per class
    }
}
