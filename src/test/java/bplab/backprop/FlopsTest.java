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
