package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UpdaterTest {

    private static double[] step(Updater u, UpdaterState s, double... g) {
        double[] copy = g.clone();
        u.toUpdate(copy, s, 0, copy.length);
        s.setIteration(s.iteration() + 1);
        return copy;
    }

    @Test
    void sgdUpdateIsLearningRateTimesGradient() {
        Updater sgd = new Updater.Sgd(0.5);
        assertThat(step(sgd, sgd.newState(2), 2.0, -4.0)).containsExactly(1.0, -2.0);
    }

    @Test
    void firstNesterovStepIsOnePlusMuTimesLrTimesG() {
        Updater n = new Updater.Nesterovs(0.1, 0.9);
        UpdaterState s = n.newState(1);
        assertThat(step(n, s, 2.0)[0]).isCloseTo(1.9 * 0.1 * 2.0, within(1e-16));
        assertThat(s.get("v")[0]).isCloseTo(-0.2, within(1e-16));
    }

    @Test
    void secondNesterovStepUsesPreviousVelocity() {
        Updater n = new Updater.Nesterovs(0.1, 0.9);
        UpdaterState s = n.newState(1);
        step(n, s, 2.0);
        // vPrev = -0.2; v = 0.9*(-0.2) - 0.1*1 = -0.28; u = 0.9*(-0.2) - 1.9*(-0.28) = 0.352
        assertThat(step(n, s, 1.0)[0]).isCloseTo(0.352, within(1e-15));
        assertThat(s.get("v")[0]).isCloseTo(-0.28, within(1e-16));
    }

    @Test
    void adamFirstTwoStepsPutEpsilonOnRawSqrtV() {
        Updater adam = new Updater.Adam(0.01, 0.9, 0.999, 1e-8);
        UpdaterState s = adam.newState(1);
        // t=1: m = 0.1 g, v = 0.001 g^2, alpha = 0.01 sqrt(0.001)/0.1
        double g1 = 0.5;
        double m1 = 0.1 * g1;
        double v1 = 0.001 * g1 * g1;
        double alpha1 = 0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9);
        assertThat(step(adam, s, g1)[0]).isCloseTo(alpha1 * m1 / (Math.sqrt(v1) + 1e-8), within(1e-17));
        double g2 = -0.25;
        double m2 = 0.9 * m1 + 0.1 * g2;
        double v2 = 0.999 * v1 + 0.001 * g2 * g2;
        double alpha2 = 0.01 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9);
        assertThat(step(adam, s, g2)[0]).isCloseTo(alpha2 * m2 / (Math.sqrt(v2) + 1e-8), within(1e-17));
        assertThat(s.get("m")[0]).isCloseTo(m2, within(1e-17));
        assertThat(s.iteration()).isEqualTo(2);
    }

    @Test
    void adamFirstStepIsLearningRateTimesSignOfGShrunkByEpsilonOverRawSqrtV() {
        Updater adam = new Updater.Adam(1e-3);
        // u = eta g sqrt(1 - b2) / (sqrt(1 - b2) |g| + eps): 1.05e-10 short of eta, not the textbook 1e-11
        double rawSqrtV = Math.sqrt(0.001) * 3.0;
        assertThat(step(adam, adam.newState(1), -3.0)[0]).isCloseTo(-1e-3 * rawSqrtV / (rawSqrtV + 1e-8), within(1e-18));
    }

    @Test
    void badHyperParametersAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new Updater.Sgd(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new Updater.Nesterovs(0.1, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new Updater.Adam(0.1, 0.9, 1.5, 1e-8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta2").hasMessageContaining("1.5");
    }

    @Test
    void stateArraysCanBeReadAndRestoredForCheckpoints() {
        Updater adam = new Updater.Adam(1e-3);
        UpdaterState s = adam.newState(3);
        assertThat(s.names()).containsExactly("m", "v");
        s.set("m", new double[] {1, 2, 3});
        s.setIteration(41);
        assertThat(s.get("m")).containsExactly(1, 2, 3);
        assertThat(s.iteration()).isEqualTo(41);
        assertThatThrownBy(() -> s.set("v", new double[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 3").hasMessageContaining("length 2");
        assertThatThrownBy(() -> s.get("velocity")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[m, v]");
    }
}
