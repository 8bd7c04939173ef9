package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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

    /**
     * A wide float first layer is stored in column blocks of whole 16-unit chunks, one per thread (at
     * most one per chunk); W still reads and writes row-major, and the output is that of W unsplit.
     */
    @Test
    void aWideFloatFirstLayerIsSplitIntoChunkAlignedColumnBlocksThatReadAndWriteRowMajor() {
        assertThat(Network.unitBlocks(100, 2)).containsExactly(0, 48, 100);
        assertThat(Network.unitBlocks(70, 3)).containsExactly(0, 16, 48, 70);
        assertThat(Network.unitBlocks(64, 8)).containsExactly(0, 16, 32, 48, 64);
        assertThat(Network.unitBlocks(800, 1)).containsExactly(0, 800);
        float[] x = sparseInput(5, 30, 3);
        double[] w = new double[30 * 70];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble(-0.3, 0.3);
        }
        double[] rounded = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            rounded[i] = (float) w[i];
        }
        double[] expected = null;
        for (int threads = 1; threads <= 3; threads++) {
            try (Network net = Network.builder().layers(30, 70, 4).precision(Precision.FLOAT).threads(threads).build()) {
                assertThat(net.unitStart()).as("%d threads", threads).isEqualTo(Network.unitBlocks(70, threads));
                net.setWeights(0, w);
                assertThat(net.getWeights(0)).as("W0 back, %d threads", threads).isEqualTo(rounded);
                double[] out = net.output(x, 5);
                if (expected == null) {
                    expected = out;
                }
                assertThat(out).as("output, %d threads", threads).isEqualTo(expected);
            }
        }
        try (Network narrow = Network.builder().layers(30, 63, 4).precision(Precision.FLOAT).threads(2).build();
             Network doubles = Network.builder().layers(30, 70, 4).threads(2).build();
             Network outputOnly = Network.builder().layers(30, 70).precision(Precision.FLOAT).threads(2).build()) {
            assertThat(narrow.unitStart()).as("63 units").isNull();
            assertThat(doubles.unitStart()).as("double").isNull();
            assertThat(outputOnly.unitStart()).as("an output layer").isNull();
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
                BatchStep s1 = t1.step(x, labels, n);
                BatchStep s2 = t2.step(x, labels, n);
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
    void floatComputesInFloatWithinFloatRoundingOfDouble() {
        float[] x = sparseInput(40, 60, 11);
        double[] y = oneHotRandom(40, 10, 12);
        try (Network d = Nets.xavier(Network.builder().layers(60, 30, 10).hidden(Activation.TANH)
                .precision(Precision.DOUBLE).build(), 13);
             Network f = Network.builder().layers(60, 30, 10).hidden(Activation.TANH).precision(Precision.FLOAT).build()) {
            for (int l = 0; l < 2; l++) {
                f.setParameters(l, d.getWeights(l), d.getBiases(l));
                d.setParameters(l, f.getWeights(l), f.getBiases(l)); // both start from the same float values
            }
            Gradients gd = d.backprop(x, y, 40);
            Gradients gf = f.backprop(x, y, 40);
            for (int l = 0; l < 2; l++) {
                double rel = maxAbsDiff(gd.dW()[l], gf.dW()[l]) / maxAbs(gd.dW()[l]);
                // float rounding (2^-24 = 6e-8 per operation, a few dozen operations deep), not double's 1e-16
                assertThat(rel).as("dW of layer %d", l).isBetween(1e-9, 1e-5);
                for (double g : gf.dW()[l]) {
                    assertThat((double) (float) g).isEqualTo(g);
                }
            }
            assertThat(Math.abs(gf.loss() - gd.loss()) / gd.loss()).isBetween(1e-10, 1e-5);
        }
    }

    @Test
    void floatGradientsAndStepsAreBitIdenticalForOneAndTwoThreads() {
        int[] batches = {64, 7, 40, 33};
        try (Network one = Nets.xavier(Network.builder().layers(50, 30, 10).precision(Precision.FLOAT).threads(1).build(), 8);
             Network two = Nets.xavier(Network.builder().layers(50, 30, 10).precision(Precision.FLOAT).threads(2).build(), 8)) {
            Trainer t1 = new Trainer(one, new Updater.Nesterovs(0.2, 0.9), 1e-3);
            Trainer t2 = new Trainer(two, new Updater.Nesterovs(0.2, 0.9), 1e-3);
            for (int i = 0; i < batches.length; i++) {
                int n = batches[i];
                float[] x = sparseInput(n, 50, 200 + i);
                int[] labels = new int[n];
                for (int r = 0; r < n; r++) {
                    labels[r] = (r * 3 + i) % 10;
                }
                BatchStep s1 = t1.step(x, labels, n);
                BatchStep s2 = t2.step(x, labels, n);
                assertThat(s2.loss()).as("loss at step %d (batch %d)", i, n).isEqualTo(s1.loss());
                assertThat(s2.weightGradNorms()).as("gradient norms at step %d", i).containsExactly(s1.weightGradNorms());
                assertThat(s2.updateRatios()).as("update ratios at step %d", i).containsExactly(s1.updateRatios());
            }
            for (int l = 0; l < 2; l++) {
                assertThat(maxAbsDiff(one.getWeights(l), two.getWeights(l))).as("W of layer %d", l).isZero();
                assertThat(maxAbsDiff(one.getBiases(l), two.getBiases(l))).as("b of layer %d", l).isZero();
            }
        }
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
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

    /**
     * Softmax + MCXENT with the target's probability underflowed to 0: the closed forms give p - y;
     * the general rule J^T (-y/p) is 0 * infinity there and stops, naming the example and output.
     * Non-target outputs at p = 0 are fine under every rule (their dL/da is 0, not -0/0).
     */
    @Test
    void theJacobianRuleStopsOnlyWhereTheTargetProbabilityUnderflowedToZero() {
        double[] x = {1, 0};
        for (DeltaMode mode : DeltaMode.values()) {
            try (Network net = Network.builder().layers(2, 3).output(OutputPair.of(Activation.SOFTMAX, Loss.MCXENT, mode)).build()) {
                net.setWeights(0, new double[] {0, 800, 0, 0, 0, 0}); // z = [0, 800, 0]: p = [0, 1, 0] in double
                // target class 1 (p = 1): every rule, p - y = 0 for the whole row
                Gradients fine = net.backprop(x, new double[] {0, 1, 0}, 1);
                assertThat(fine.db()[0]).as(mode.name()).containsExactly(0.0, 0.0, 0.0);
                // target class 0 (p_0 = e^-800 = 0): p - y = [-1, 1, 0]
                if (mode == DeltaMode.JACOBIAN) {
                    assertThatThrownBy(() -> net.backprop(x, new double[] {1, 0, 0}, 1))
                            .isInstanceOf(UndefinedDeltaException.class)
                            .hasMessageContaining("example 0 of the minibatch: output 0 is p = 0.0 with target 1.0")
                            .hasMessageContaining("dL/da = -Infinity").hasMessageContaining("closed form p - y")
                            .hasMessageContaining("(-1.0 here)");
                } else {
                    assertThat(net.backprop(x, new double[] {1, 0, 0}, 1).db()[0]).as(mode.name()).containsExactly(-1.0, 1.0, 0.0);
                }
            }
        }
    }

    /**
     * Sigmoid + XENT: where sigmoid(z) rounds to exactly 1 the general rule still gives a - y = 0 for a
     * target of 1 (dL/da = -1/a is finite), stops for a target of 0 (1/(1 - a) is infinite), and away
     * from saturation equals a - y up to rounding; DL4J's clipped rule departs from a - y for |z| > ~11.5.
     */
    @Test
    void xentJacobianRuleAgreesWithTheShortcutUpToRoundingAndStopsOnlyAtExactSaturation() {
        double[] x = {1};
        try (Network jac = Network.builder().layers(1, 1).output(OutputPair.of(Activation.SIGMOID, Loss.XENT, DeltaMode.JACOBIAN)).build();
             Network cut = Network.builder().layers(1, 1).output(OutputPair.of(Activation.SIGMOID, Loss.XENT, DeltaMode.SHORTCUT)).build();
             Network dl4j = Network.builder().layers(1, 1).output(OutputPair.of(Activation.SIGMOID, Loss.XENT, DeltaMode.DL4J)).build()) {
            for (double z : new double[] {-9, -3, 0.5, 4, 9, 20, 30}) {
                for (Network n : List.of(jac, cut, dl4j)) n.setWeights(0, new double[] {z});
                for (double y : new double[] {0, 1}) {
                    double a = 1 / (1 + Math.exp(-z));
                    double shortcut = cut.backprop(x, new double[] {y}, 1).db()[0][0];
                    assertThat(shortcut).isEqualTo(a - y, within(1e-15));
                    double general = jac.backprop(x, new double[] {y}, 1).db()[0][0];
                    // (a - y)/(a (1 - a)) * a (1 - a): 1 - a carries a rounding error of about 1e-16 / (1 - a)
                    double tolerance = 1e-15 + 4e-16 * Math.abs(a - y) / Math.min(a, 1 - a);
                    assertThat(general).as("z=%s y=%s", z, y).isCloseTo(shortcut, within(tolerance));
                    double clipped = dl4j.backprop(x, new double[] {y}, 1).db()[0][0];
                    if (Math.abs(z) < 11) assertThat(clipped).as("z=%s y=%s", z, y).isCloseTo(shortcut, within(1e-9));
                    if (z == 20 && y == 0) assertThat(clipped).as("DL4J's clipped delta").isLessThan(1e-3 * shortcut);
                }
            }
            jac.setWeights(0, new double[] {40}); // sigmoid(40) rounds to 1.0
            assertThat(jac.backprop(x, new double[] {1}, 1).db()[0][0]).isEqualTo(0.0);
            assertThatThrownBy(() -> jac.backprop(x, new double[] {0}, 1)).isInstanceOf(UndefinedDeltaException.class)
                    .hasMessageContaining("output 0 is a = 1.0 with target 0.0").hasMessageContaining("closed form a - y");
        }
    }
}
