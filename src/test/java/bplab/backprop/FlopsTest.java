package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FlopsTest {
    @Test
    void firstLayerCountsForwardAndDwOnlyLaterLayersAlsoTheirDelta() {
        // 784-100-10: layer 0 (78,400 MACs) forward + dW; layer 1 (1,000 MACs) forward + dW + delta_0
        assertThat(Flops.perTrainingExample(784, 100, 10)).isEqualTo(2L * 78_400 * 2 + 2L * 1_000 * 3);
        assertThat(Flops.perTrainingExample(3, 2)).isEqualTo(2L * 6 * 2);
        assertThat(Flops.perTrainingExample(784, 800, 10)).isEqualTo(2L * 627_200 * 2 + 2L * 8_000 * 3);
    }

    @Test
    void performedFlopsScaleOnlyTheFirstLayersTwoProductsByTheInputDensity() {
        // 784-800-10 with a fifth of the inputs non-zero: layer 0's forward and dW on 156.8 inputs, layer 1 dense
        assertThat(Flops.performedPerTrainingExample(0.2, 784, 800, 10))
                .isCloseTo(0.2 * 2 * 627_200 * 2 + 2.0 * 8_000 * 3, within(1e-6));
        assertThat(Flops.performedPerTrainingExample(1.0, 784, 100, 10)).isEqualTo(Flops.perTrainingExample(784, 100, 10));
        assertThatThrownBy(() -> Flops.performedPerTrainingExample(1.5, 784, 10)).hasMessageContaining("found 1.5");
    }

    @Test
    void gflopsScalesExamplesPerSecond() {
        assertThat(Flops.gflops(10_000, 784, 100, 10)).isCloseTo(3.196, within(1e-12));
    }

    @Test
    void badSizesAreRejected() {
        assertThatThrownBy(() -> Flops.perTrainingExample(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 1");
        assertThatThrownBy(() -> Flops.perTrainingExample(5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[5, 0]");
    }
}
