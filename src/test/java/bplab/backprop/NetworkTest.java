package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {

    /** Sparse [rows][n] input: about 80% zeros, like MNIST. */
    static float[] sparseInput(int rows, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * n];
        for (int i = 0; i < x.length; i++) {
            if (rng.nextDouble() < 0.2) {
                x[i] = (float) rng.nextDouble();
            }
        }
        return x;
    }

    static double[] oneHotRandom(int rows, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            y[r * n + rng.nextInt(n)] = 1;
        }
        return y;
    }

    @Test
    void forwardUsesRowMajorWeightsIndexedInTimesNOutPlusJ() {
        try (Network net = Network.builder().layers(2, 3).output(Activation.IDENTITY, Loss.MSE).build()) {
            // W = [[1, 2, 3], [4, 5, 6]] as [nIn][nOut]
            net.setParameters(0, new double[] {1, 2, 3, 4, 5, 6}, new double[] {0.5, 0, -1});
            double[] out = net.output(new double[] {1, 10, 0, 1}, 2);
            assertThat(out).containsExactly(41.5, 52, 62, 4.5, 5, 5);
        }
    }

    @Test
    void forwardReturnsEveryLayersActivationsEndingWithTheOutput() {
        try (Network net = Network.builder().layers(2, 2, 2).hidden(Activation.RELU)
                .output(Activation.SIGMOID, Loss.XENT).build()) {
            net.setParameters(0, new double[] {1, -1, 1, -1}, new double[] {0, 0});
            net.setParameters(1, new double[] {1, 0, 0, 1}, new double[] {0, 0});
            double[][] a = net.forward(new float[] {1, 2}, 1);
            assertThat(a[0]).containsExactly(3, 0);
            assertThat(a[1]).containsExactly(new double[] {1 / (1 + Math.exp(-3)), 0.5}, within(1e-16));
            assertThat(a[1]).containsExactly(net.output(new float[] {1, 2}, 1));
        }
    }

    @Test
    void backpropOfOneLayerIdentityL2MatchesHandComputation() {
        try (Network net = Network.builder().layers(2, 1).output(Activation.IDENTITY, Loss.L2).build()) {
            net.setParameters(0, new double[] {1, -1}, new double[] {0});
            // x1 = (1, 2): a = -1, y = 1, delta = 2(a - y) = -4; x2 = (3, 0): a = 3, y = 0, delta = 6
            Gradients g = net.backprop(new double[] {1, 2, 3, 0}, new double[] {1, 0}, 2);
            assertThat(g.dW()[0]).containsExactly((-4 * 1 + 6 * 3) / 2.0, (-4 * 2 + 0) / 2.0);
            assertThat(g.db()[0]).containsExactly((-4 + 6) / 2.0);
            assertThat(g.loss()).isEqualTo((4 + 9) / 2.0);
            assertThat(g.outputDeltaNorm()).isEqualTo((4 + 6) / 2.0);
        }
    }

    @Test
    void twoThreadsGiveBitIdenticalGradientsToOneThread() {
        float[] x = sparseInput(37, 50, 1);
        double[] y = oneHotRandom(37, 10, 2);
        try (Network one = Nets.xavier(Network.builder().layers(50, 30, 20, 10).hidden(Activation.TANH, Activation.RELU)
                .threads(1).build(), 5);
             Network two = Nets.xavier(Network.builder().layers(50, 30, 20, 10).hidden(Activation.TANH, Activation.RELU)
                .threads(2).build(), 5)) {
            Gradients g1 = one.backprop(x, y, 37);
            Gradients g2 = two.backprop(x, y, 37);
            for (int l = 0; l < 3; l++) {
                assertThat(g2.dW()[l]).containsExactly(g1.dW()[l], within(1e-12));
                assertThat(g2.db()[l]).containsExactly(g1.db()[l], within(1e-12));
                assertThat(maxAbsDiff(g1.dW()[l], g2.dW()[l])).as("bitwise").isZero();
            }
            assertThat(g2.loss()).isEqualTo(g1.loss());
            assertThat(g2.outputDeltaNorm()).isEqualTo(g1.outputDeltaNorm());
        }
    }

    @Test
    void trainingWithBatchesAboveAndBelowTheSplitSizeIsBitIdenticalForOneAndTwoThreads() {
        int[] batches = {40, 7, 64, 3, 33, 12, 50};
        try (Network one = Nets.xavier(Network.builder().layers(50, 30, 10).hidden(Activation.SIGMOID)
                .threads(1).build(), 8);
             Network two = Nets.xavier(Network.builder().layers(50, 30, 10).hidden(Activation.SIGMOID)
                .threads(2).build(), 8)) {
            Trainer t1 = new Trainer(one, new Updater.Nesterovs(0.2, 0.9), 1e-3);
            Trainer t2 = new Trainer(two, new Updater.Nesterovs(0.2, 0.9), 1e-3);
            for (int i = 0; i < batches.length; i++) {
                int n = batches[i];
                float[] x = sparseInput(n, 50, 100 + i);
                int[] labels = new int[n];
                for (int r = 0; r < n; r++) {
                    labels[r] = (r * 7 + i) % 10;
                }
                StepResult s1 = t1.step(x, labels, n);
                StepResult s2 = t2.step(x, labels, n);
                assertThat(s2.loss()).as("loss at step %d (batch %d)", i, n).isEqualTo(s1.loss());
                assertThat(s2.weightGradNorms()).as("gradient norms at step %d", i).containsExactly(s1.weightGradNorms());
            }
            for (int l = 0; l < 2; l++) {
                assertThat(maxAbsDiff(one.getWeights(l), two.getWeights(l))).as("W of layer %d", l).isZero();
                assertThat(maxAbsDiff(one.getBiases(l), two.getBiases(l))).as("b of layer %d", l).isZero();
            }
        }
    }

    @Test
    void sparseSkipGivesTheSameResultsAsDenseProducts() {
        float[] x = sparseInput(20, 40, 3);
        double[] y = oneHotRandom(20, 5, 4);
        try (Network sparse = Nets.relu(Network.builder().layers(40, 16, 5).hidden(Activation.RELU).sparseInput(true)
                .build(), 9);
             Network dense = Nets.relu(Network.builder().layers(40, 16, 5).hidden(Activation.RELU).sparseInput(false)
                .build(), 9)) {
            Gradients gs = sparse.backprop(x, y, 20);
            Gradients gd = dense.backprop(x, y, 20);
            for (int l = 0; l < 2; l++) {
                assertThat(maxAbsDiff(gs.dW()[l], gd.dW()[l])).isZero();
                assertThat(maxAbsDiff(gs.db()[l], gd.db()[l])).isZero();
            }
            assertThat(gs.loss()).isEqualTo(gd.loss());
        }
    }

    @Test
    void floatAndDoubleInputsGiveTheSameGradients() {
        float[] xf = sparseInput(8, 12, 5);
        double[] xd = new double[xf.length];
        for (int i = 0; i < xf.length; i++) {
            xd[i] = xf[i];
        }
        double[] y = oneHotRandom(8, 4, 6);
        try (Network net = Network.builder().layers(12, 6, 4).build()) {
            assertThat(net.backprop(xd, y, 8).dW()[0]).containsExactly(net.backprop(xf, y, 8).dW()[0]);
        }
    }

    @Test
    void floatPrecisionStoresParametersAsFloats() {
        try (Network net = Network.builder().layers(3, 2).output(Activation.SIGMOID, Loss.XENT)
                .precision(Precision.FLOAT).build()) {
            net.setWeights(0, new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
            assertThat(net.getWeights(0)[0]).isEqualTo((double) 0.1f).isNotEqualTo(0.1);
            for (double w : net.getWeights(0)) {
                assertThat((double) (float) w).isEqualTo(w);
            }
        }
    }

    @Test
    void predictReturnsArgmaxOfOutput() {
        try (Network net = Network.builder().layers(2, 3).output(Activation.SOFTMAX, Loss.MCXENT).build()) {
            net.setParameters(0, new double[] {1, 0, 0, 0, 0, 1}, new double[] {0, 0.5, 0});
            assertThat(net.predict(new float[] {2, 0, 0, 0, 0, 3}, 3)).containsExactly(0, 1, 2);
        }
    }

    @Test
    void badShapesAreRejectedNamingFoundAndExpected() {
        try (Network net = Network.builder().layers(4, 3, 2).build()) {
            assertThatThrownBy(() -> net.output(new double[7], 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length 8").hasMessageContaining("length 7");
            assertThatThrownBy(() -> net.backprop(new double[8], new double[3], 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length 4").hasMessageContaining("length 3");
            assertThatThrownBy(() -> net.setWeights(1, new double[5])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length 6").hasMessageContaining("length 5");
            assertThatThrownBy(() -> net.getWeights(2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[0, 2)").hasMessageContaining("2");
        }
        assertThatThrownBy(() -> Network.builder().layers(4, 3, 3, 2).hidden(Activation.TANH, Activation.RELU,
                Activation.SIGMOID).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 hidden activations").hasMessageContaining("2 hidden layers");
        assertThatThrownBy(() -> Network.builder().hidden(Activation.SOFTMAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOFTMAX");
        assertThatThrownBy(() -> Network.builder().threads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0");
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
