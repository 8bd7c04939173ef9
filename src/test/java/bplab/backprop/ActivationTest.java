package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {
    private static final double H = 1e-6;

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SIGMOID", "TANH", "RELU", "IDENTITY"})
    void elementWiseDerivativeMatchesCentralDifference(Activation f) {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            double z = rng.nextDouble(-4, 4);
            if (Math.abs(z) < 1e-3) {
                continue; // relu kink
            }
            double numeric = (f.value(z + H) - f.value(z - H)) / (2 * H);
            assertThat(f.derivative(z)).as("%s'(%s)", f, z).isCloseTo(numeric, within(1e-8));
        }
    }

    @Test
    void reluDerivativeIsZeroAtZeroLikeDl4j() {
        assertThat(Activation.RELU.derivative(0.0)).isEqualTo(0.0);
        assertThat(Activation.RELU.derivative(1e-300)).isEqualTo(1.0);
        assertThat(Activation.RELU.derivative(-1e-300)).isEqualTo(0.0);
    }

    @Test
    void softmaxRowSumsToOneAndSurvivesLargeInputs() {
        double[] p = Activation.SOFTMAX.forward(new double[] {1000, 999, -1000});
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-15));
        assertThat(p[0]).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
        assertThat(p[2]).isEqualTo(0.0);
    }

    @Test
    void softmaxJacobianMatchesCentralDifference() {
        double[] z = {0.3, -1.2, 2.0, 0.5};
        double[][] jac = Activation.SOFTMAX.jacobian(z);
        for (int k = 0; k < z.length; k++) {
            double[] zp = z.clone();
            double[] zm = z.clone();
            zp[k] += H;
            zm[k] -= H;
            double[] pp = Activation.SOFTMAX.forward(zp);
            double[] pm = Activation.SOFTMAX.forward(zm);
            for (int i = 0; i < z.length; i++) {
                assertThat(jac[i][k]).as("J[%d][%d]", i, k).isCloseTo((pp[i] - pm[i]) / (2 * H), within(1e-9));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void jvpEqualsExplicitJacobianTransposeTimesG(Activation f) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] z = new double[5];
        double[] g = new double[5];
        for (int i = 0; i < 5; i++) {
            z[i] = rng.nextDouble(-3, 3);
            g[i] = rng.nextDouble(-1, 1);
        }
        double[][] jac = f.jacobian(z);
        double[] jvp = f.jvp(z, g);
        for (int k = 0; k < 5; k++) {
            double s = 0;
            for (int i = 0; i < 5; i++) {
                s += jac[i][k] * g[i];
            }
            assertThat(jvp[k]).isCloseTo(s, within(1e-15));
        }
    }

    @Test
    void softmaxHasNoScalarDerivative() {
        assertThatThrownBy(() -> Activation.SOFTMAX.derivative(0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SOFTMAX").hasMessageContaining("jvp");
    }

    @Test
    void jvpRejectsMismatchedLengthsNamingBoth() {
        assertThatThrownBy(() -> Activation.SIGMOID.jvp(new double[3], new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 2").hasMessageContaining("length 3");
    }
}
