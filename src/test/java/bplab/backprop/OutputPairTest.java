package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputPairTest {

    @Test
    void validPairsAreExactlyTheDocumentedList() {
        List<String> names = OutputPair.validPairs().stream()
                .map(p -> p.activation() + "+" + p.loss()).toList();
        assertThat(names).containsExactly(
                "SIGMOID+MSE", "SIGMOID+L2", "SIGMOID+XENT",
                "TANH+MSE", "TANH+L2",
                "RELU+MSE", "RELU+L2",
                "IDENTITY+MSE", "IDENTITY+L2",
                "SOFTMAX+MSE", "SOFTMAX+L2", "SOFTMAX+MCXENT");
    }

    @Test
    void logLossesWithOutputsThatCanBeNonPositiveAreRejectedSayingWhy() {
        for (Activation f : new Activation[] {Activation.IDENTITY, Activation.TANH, Activation.RELU}) {
            for (Loss l : new Loss[] {Loss.MCXENT, Loss.XENT}) {
                assertThatThrownBy(() -> OutputPair.of(f, l))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(f + " + " + l)
                        .hasMessageContaining("<= 0")
                        .hasMessageContaining("log");
            }
        }
    }

    @Test
    void sigmoidWithMcxentAndSoftmaxWithXentAreRejectedOnPrinciple() {
        assertThatThrownBy(() -> OutputPair.of(Activation.SIGMOID, Loss.MCXENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("driven to 1");
        assertThatThrownBy(() -> OutputPair.of(Activation.SOFTMAX, Loss.XENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
    }

    /**
     * Range: z in [-30, 30]. For sigmoid the general rule divides by a(1-a), which stays representable
     * while 1 - a &gt; 0 in double, i.e. z &lt; ~36.7; for softmax, p_k &gt;= e^-60 never underflows.
     */
    @Test
    void softmaxMcxentShortcutEqualsGeneralRuleIncludingSaturatedInputs() {
        SplittableRandom rng = new SplittableRandom(11);
        OutputPair shortcut = OutputPair.of(Activation.SOFTMAX, Loss.MCXENT);
        OutputPair general = OutputPair.of(Activation.SOFTMAX, Loss.MCXENT, DeltaMode.JACOBIAN);
        for (int trial = 0; trial < 500; trial++) {
            double scale = trial < 250 ? 3 : 30;
            double[] z = new double[10];
            for (int i = 0; i < z.length; i++) {
                z[i] = rng.nextDouble(-scale, scale);
            }
            double[] y = new double[10];
            y[rng.nextInt(10)] = 1;
            assertThat(shortcut.delta(z, y)).containsExactly(general.delta(z, y), within(1e-12));
        }
    }

    @Test
    void sigmoidXentShortcutEqualsGeneralRuleIncludingSaturatedInputs() {
        SplittableRandom rng = new SplittableRandom(12);
        OutputPair shortcut = OutputPair.of(Activation.SIGMOID, Loss.XENT);
        OutputPair general = OutputPair.of(Activation.SIGMOID, Loss.XENT, DeltaMode.JACOBIAN);
        for (int trial = 0; trial < 500; trial++) {
            double[] z = new double[10];
            double[] y = new double[10];
            for (int i = 0; i < z.length; i++) {
                z[i] = rng.nextDouble(-30, 30);
                y[i] = rng.nextInt(2);
            }
            assertThat(shortcut.delta(z, y)).containsExactly(general.delta(z, y), within(1e-12));
        }
    }

    @Test
    void dl4jModeAgreesWithShortcutOnOrdinaryInputsButShrinksSaturatedSigmoidXent() {
        OutputPair shortcut = OutputPair.of(Activation.SIGMOID, Loss.XENT);
        OutputPair dl4j = OutputPair.of(Activation.SIGMOID, Loss.XENT, DeltaMode.DL4J);
        double[] ordinary = {-3, 0.5, 4, 11};
        double[] y = {1, 0, 0, 1};
        double[] a = shortcut.delta(ordinary, y);
        double[] b = dl4j.delta(ordinary, y);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-15 * Math.max(1, Math.abs(a[i]))));
        }
        // z = 20, y = 0: a - y ~ 1, but DL4J clips a to 1 - 1e-5 inside (c - y)/(c(1 - c)) * s'(z)
        double s = 1 / (1 + Math.exp(-20));
        double c = 1 - 1e-5;
        double expected = (c / (c * (1 - c))) * s * (1 - s);
        assertThat(dl4j.delta(new double[] {20}, new double[] {0})[0]).isCloseTo(expected, within(1e-15));
        assertThat(shortcut.delta(new double[] {20}, new double[] {0})[0]).isCloseTo(1.0, within(1e-8));
    }

    @Test
    void softmaxMseUsesTheFullJacobianVectorProduct() {
        double[] z = {1.0, -0.5, 0.3};
        double[] y = {0, 1, 0};
        double[] p = Activation.SOFTMAX.forward(z);
        double[] g = new double[3];
        for (int j = 0; j < 3; j++) {
            g[j] = 2 * (p[j] - y[j]) / 3;
        }
        double pg = p[0] * g[0] + p[1] * g[1] + p[2] * g[2];
        double[] delta = OutputPair.of(Activation.SOFTMAX, Loss.MSE).delta(z, y);
        for (int k = 0; k < 3; k++) {
            assertThat(delta[k]).isCloseTo(p[k] * (g[k] - pg), within(1e-16));
        }
        assertThat(delta[0] + delta[1] + delta[2]).as("rows of J sum to 0").isCloseTo(0.0, within(1e-16));
    }

    /** DL4J's MSE: L = (1/n) sum_j (a_j - y_j)^2, so delta = 2 (a - y) / n .* a (1 - a). */
    @Test
    void sigmoidMseDeltaCarriesOneOverNOutAndSigmoidPrime() {
        double[] z = {0.4, -1.3, 2.0};
        double[] y = {1, 0, 0};
        double[] delta = OutputPair.of(Activation.SIGMOID, Loss.MSE).delta(z, y);
        for (int j = 0; j < 3; j++) {
            double a = 1 / (1 + Math.exp(-z[j]));
            assertThat(delta[j]).isCloseTo(2 * (a - y[j]) / 3 * a * (1 - a), within(1e-16));
        }
    }

    /** L2: L = sum_j (a_j - y_j)^2, no 1/n, so delta = 2 (a - y) .* a (1 - a). */
    @Test
    void sigmoidL2DeltaCarriesSigmoidPrimeWithoutOneOverNOut() {
        double[] z = {0.4, -1.3, 2.0};
        double[] y = {1, 0, 0};
        double[] delta = OutputPair.of(Activation.SIGMOID, Loss.L2).delta(z, y);
        for (int j = 0; j < 3; j++) {
            double a = 1 / (1 + Math.exp(-z[j]));
            assertThat(delta[j]).isCloseTo(2 * (a - y[j]) * a * (1 - a), within(1e-16));
        }
    }
}
