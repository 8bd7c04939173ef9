package bplab.data;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.DataConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real MNIST, as scripts/fetch-mnist.sh places it (the test command fetches it first). */
class RealMnistTest {
    static final Path MNIST = Path.of("data/mnist");

    @Test
    void fullSetHasKnownSizesAndFirstLabels() {
        DataSplit split = DataSplit.load(new DataConfig(null, MNIST.toString(), null, null, null), null);
        assertThat(split.train().size()).isEqualTo(60_000);
        assertThat(split.test().size()).isEqualTo(10_000);
        int[] firstTrain = new int[10];
        int[] firstTest = new int[10];
        for (int i = 0; i < 10; i++) {
            firstTrain[i] = split.train().label(i);
            firstTest[i] = split.test().label(i);
        }
        assertThat(firstTrain).containsExactly(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        assertThat(firstTest).containsExactly(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
        long zeros = 0;
        for (int i = 0; i < 1000 * Dataset.FEATURES; i++) if (split.train().pixels()[i] == 0) zeros++;
        assertThat(zeros / (1000.0 * Dataset.FEATURES)).isBetween(0.75, 0.85);
    }

    @Test
    void nielsenSplitKeepsTheFirst50000ForTraining() {
        DataSplit split = DataSplit.load(new DataConfig(null, MNIST.toString(), 60_000, 100, 10_000), null);
        assertThat(split.train().size()).isEqualTo(50_000);
        assertThat(split.validation().size()).isEqualTo(10_000);
        assertThat(split.train().label(0)).isEqualTo(5);
    }

    @Test
    void theDigitsAreRecognisedAndRefusedWhenTheConfigSaysFashionMnist() {
        DataSplit split = DataSplit.load(new DataConfig(null, MNIST.toString(), 100, 100, null), null);
        assertThat(split.identity().kind()).isEqualTo(bplab.config.DatasetKind.MNIST);
        assertThat(split.identity().files()).containsEntry("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637")
                .containsEntry("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataSplit.load(
                        new DataConfig(bplab.config.DatasetKind.FASHION_MNIST, MNIST.toString(), 100, 100, null), null))
                .isInstanceOf(DataException.class).hasMessageContaining(MNIST.toString())
                .hasMessageContaining("holds mnist").hasMessageContaining("data.dataset is fashion_mnist");
    }
}
