package bplab.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import bplab.config.BiasInitKind;
import bplab.config.Dtype;
import bplab.config.WeightInitKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParameterInitTest {
    private static final int[] SIZES = {400, 300, 10};

    @ParameterizedTest
    @EnumSource(WeightInitKind.class)
    void everyWeightInitHasItsDistributionsSpreadAndIsSeeded(WeightInitKind kind) {
        InitialParameters a = ParameterInit.draw(SIZES, kind, BiasInitKind.ZERO, Dtype.DOUBLE, 7);
        InitialParameters b = ParameterInit.draw(SIZES, kind, BiasInitKind.ZERO, Dtype.DOUBLE, 7);
        InitialParameters c = ParameterInit.draw(SIZES, kind, BiasInitKind.ZERO, Dtype.DOUBLE, 8);
        double[] w = a.weights(0);
        assertThat(w).hasSize(400 * 300).isEqualTo(b.weights(0));
        assertThat(w).isNotEqualTo(c.weights(0));
        double expectedVariance = switch (kind) {
            case XAVIER -> 2.0 / 700;
            case XAVIER_UNIFORM -> 6.0 / 700 / 3; // U(-s, s) has variance s^2 / 3
            case RELU -> 2.0 / 400;
            case LECUN_NORMAL -> 1.0 / 400;
            case NORMAL_UNIT -> 1.0;
        };
        double mean = Arrays.stream(w).average().orElseThrow();
        double variance = Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / (w.length - 1);
        // 120,000 draws: the sample variance is within about 0.4% (1 sd) of the true one.
        assertThat(variance).isCloseTo(expectedVariance, within(0.02 * expectedVariance));
        assertThat(Math.abs(mean)).isLessThan(0.02 * Math.sqrt(expectedVariance));
        if (kind == WeightInitKind.XAVIER_UNIFORM) {
            double bound = Math.sqrt(6.0 / 700);
            double max = Arrays.stream(w).map(Math::abs).max().orElseThrow();
            assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
        }
        for (int l = 0; l < a.layers(); l++) assertThat(a.biases(l)).containsOnly(0.0);
    }

    @Test
    void normalBiasesAreUnitGaussianAndLeaveTheWeightsAsTheyAre() {
        int[] sizes = {784, 3000, 10};
        InitialParameters zero = ParameterInit.draw(sizes, WeightInitKind.LECUN_NORMAL, BiasInitKind.ZERO, Dtype.DOUBLE, 3);
        InitialParameters normal = ParameterInit.draw(sizes, WeightInitKind.LECUN_NORMAL, BiasInitKind.NORMAL_UNIT, Dtype.DOUBLE, 3);
        for (int l = 0; l < 2; l++) assertThat(normal.weights(l)).isEqualTo(zero.weights(l));
        double[] b = normal.biases(0);
        double mean = Arrays.stream(b).average().orElseThrow();
        double variance = Arrays.stream(b).map(v -> (v - mean) * (v - mean)).sum() / (b.length - 1);
        assertThat(variance).isCloseTo(1.0, within(0.1)); // sd of the sample variance: sqrt(2/3000) = 0.026
        assertThat(Math.abs(mean)).isLessThan(0.07); // sd of the mean: 0.018
        assertThat(normal.biases(1)).hasSize(10).doesNotContain(0.0);
        // The bias stream is not the weight stream.
        assertThat(b[0]).isNotEqualTo(normal.weights(0)[0] * Math.sqrt(784));
    }

    @ParameterizedTest
    @EnumSource(WeightInitKind.class)
    void floatDrawsAreTheDoubleDrawsRoundedOnceToFloat(WeightInitKind kind) {
        InitialParameters d = ParameterInit.draw(SIZES, kind, BiasInitKind.NORMAL_UNIT, Dtype.DOUBLE, 11);
        InitialParameters f = ParameterInit.draw(SIZES, kind, BiasInitKind.NORMAL_UNIT, Dtype.FLOAT, 11);
        for (int l = 0; l < d.layers(); l++) {
            double[] wd = d.weights(l);
            double[] wf = f.weights(l);
            double[] bd = d.biases(l);
            double[] bf = f.biases(l);
            for (int i = 0; i < wd.length; i++) assertThat(wf[i]).isEqualTo((double) (float) wd[i]);
            for (int j = 0; j < bd.length; j++) assertThat(bf[j]).isEqualTo((double) (float) bd[j]);
        }
        assertThat(f.weights(0)).isNotEqualTo(d.weights(0)); // rounding did happen
    }

    @Test
    void accessorsReturnCopies() {
        InitialParameters p = ParameterInit.draw(new int[] {3, 2}, WeightInitKind.XAVIER, BiasInitKind.NORMAL_UNIT, Dtype.DOUBLE, 1);
        double[] w = p.weights(0);
        double first = w[0];
        w[0] = 99;
        assertThat(p.weights(0)[0]).isEqualTo(first);
        assertThat(p.layerSizes()).containsExactly(3, 2);
    }
}
