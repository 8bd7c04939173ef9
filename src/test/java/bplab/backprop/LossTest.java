package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LossTest {
    private static final double[] A = {0.7, 0.2, 0.1};
    private static final double[] Y = {1.0, 0.0, 0.0};

    @Test
    void mseIsMeanOfSquaresWithoutOneHalf() {
        // (0.09 + 0.04 + 0.01) / 3
        assertThat(Loss.MSE.value(A, Y)).isCloseTo(0.14 / 3, within(1e-15));
        assertThat(Loss.MSE.gradient(A, Y)).containsExactly(new double[] {2 * -0.3 / 3, 2 * 0.2 / 3, 2 * 0.1 / 3},
                within(1e-15));
    }

    @Test
    void l2IsSumOfSquaresAndItsGradientIsNOutTimesMse() {
        assertThat(Loss.L2.value(A, Y)).isCloseTo(0.14, within(1e-15));
        double[] gl2 = Loss.L2.gradient(A, Y);
        double[] gmse = Loss.MSE.gradient(A, Y);
        for (int j = 0; j < 3; j++) {
            assertThat(gl2[j]).isCloseTo(3 * gmse[j], within(1e-15));
        }
    }

    @Test
    void mcxentIsMinusLogOfTargetProbability() {
        assertThat(Loss.MCXENT.value(A, Y)).isCloseTo(-Math.log(0.7), within(1e-15));
        assertThat(Loss.MCXENT.gradient(A, Y)).containsExactly(new double[] {-1 / 0.7, -0.0, -0.0}, within(1e-15));
    }

    @Test
    void mcxentValueClipsProbabilityAtOneEMinusTen() {
        assertThat(Loss.MCXENT.value(new double[] {0.0, 1.0}, new double[] {1, 0}))
                .isCloseTo(-Math.log(1e-10), within(1e-12));
    }

    @Test
    void xentSumsBinaryCrossEntropyOverOutputs() {
        double expected = -(Math.log(0.7) + Math.log(0.8) + Math.log(0.9));
        assertThat(Loss.XENT.value(A, Y)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void xentClipsAtOneEMinusFiveInValueAndGradientButNotInExactGradient() {
        double[] a = {1e-9};
        double[] y = {1.0};
        assertThat(Loss.XENT.value(a, y)).isCloseTo(-Math.log(1e-5), within(1e-12));
        double c = 1e-5;
        assertThat(Loss.XENT.gradient(a, y)[0]).isCloseTo((c - 1) / (c * (1 - c)), within(1e-6));
        assertThat(Loss.XENT.exactGradient(a, y)[0]).isCloseTo((1e-9 - 1) / (1e-9 * (1 - 1e-9)), within(1.0));
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void gradientMatchesCentralDifferenceOfValue(Loss loss) {
        double[] a = {0.35, 0.6, 0.05};
        double[] y = loss == Loss.MSE || loss == Loss.L2 ? new double[] {0.2, 0.9, 0.4} : new double[] {0, 1, 0};
        double[] g = loss.gradient(a, y);
        double h = 1e-6;
        for (int j = 0; j < a.length; j++) {
            double[] ap = a.clone();
            double[] am = a.clone();
            ap[j] += h;
            am[j] -= h;
            double numeric = (loss.value(ap, y) - loss.value(am, y)) / (2 * h);
            assertThat(g[j]).as("%s dL/da_%d", loss, j).isCloseTo(numeric, within(1e-7));
        }
    }

    @Test
    void mismatchedTargetLengthIsRejectedNamingBothLengths() {
        assertThatThrownBy(() -> Loss.MSE.value(new double[3], new double[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 4").hasMessageContaining("length 3");
    }
}
