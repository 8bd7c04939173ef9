package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {

    /** n points in d dimensions around one of k centres (unit spread, centres ~N(0, 3^2)). */
    record Blobs(float[] x, int[] labels, int n, int d) {
        static Blobs make(int n, int d, int k, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] centres = new double[k][d];
            for (double[] c : centres) {
                for (int i = 0; i < d; i++) {
                    c[i] = 3 * rng.nextGaussian();
                }
            }
            float[] x = new float[n * d];
            int[] labels = new int[n];
            for (int r = 0; r < n; r++) {
                labels[r] = rng.nextInt(k);
                for (int i = 0; i < d; i++) {
                    x[r * d + i] = (float) (centres[labels[r]][i] + rng.nextGaussian());
                }
            }
            return new Blobs(x, labels, n, d);
        }

        float[] rows(int from, int count) {
            return Arrays.copyOfRange(x, from * d, (from + count) * d);
        }

        int[] labels(int from, int count) {
            return Arrays.copyOfRange(labels, from, from + count);
        }
    }

    @Test
    void trainingOnSeparableBlobsReducesLossAndReachesHighAccuracy() {
        Blobs train = Blobs.make(400, 10, 4, 1);
        Blobs test = Blobs.make(200, 10, 4, 1);
        try (Network net = Nets.xavier(Network.builder().layers(10, 16, 4).hidden(Activation.SIGMOID)
                .output(Activation.SOFTMAX, Loss.MCXENT).threads(2).build(), 2)) {
            Trainer trainer = new Trainer(net, new Updater.Nesterovs(0.1, 0.9), 1e-4);
            double before = trainer.evaluate(test.x(), test.labels(), 200).meanLoss();
            for (int epoch = 0; epoch < 20; epoch++) {
                for (int from = 0; from < 400; from += 20) {
                    trainer.step(train.rows(from, 20), train.labels(from, 20), 20);
                }
            }
            BatchEvaluation after = trainer.evaluate(test.x(), test.labels(), 200);
            assertThat(after.meanLoss()).isLessThan(before / 5);
            assertThat(after.accuracy()).isGreaterThan(0.95);
            assertThat(trainer.iteration()).isEqualTo(400);
        }
    }

    @Test
    void sgdStepMovesParametersByLearningRateTimesMeanGradient() {
        Blobs data = Blobs.make(16, 6, 3, 3);
        try (Network net = Nets.xavier(Network.builder().layers(6, 5, 3).hidden(Activation.TANH).build(), 4)) {
            double[] y = Trainer.oneHot(data.labels(), 16, 3);
            Gradients g = net.backprop(data.x(), y, 16);
            double[] w0 = net.getWeights(0);
            double[] b1 = net.getBiases(1);
            BatchStep res = new Trainer(net, new Updater.Sgd(0.5)).step(data.x(), data.labels(), 16);
            double[] w0After = net.getWeights(0);
            for (int i = 0; i < w0.length; i++) {
                assertThat(w0After[i]).isCloseTo(w0[i] - 0.5 * g.dW()[0][i], within(1e-16));
            }
            double[] b1After = net.getBiases(1);
            for (int j = 0; j < b1.length; j++) {
                assertThat(b1After[j]).isCloseTo(b1[j] - 0.5 * g.db()[1][j], within(1e-16));
            }
            assertThat(res.loss()).isEqualTo(g.loss());
            assertThat(res.outputDeltaNorm()).isEqualTo(g.outputDeltaNorm());
            assertThat(res.weightGradNorms()[0]).isCloseTo(norm(g.dW()[0]), within(1e-15));
            double[] change = new double[w0.length];
            for (int i = 0; i < w0.length; i++) {
                change[i] = w0After[i] - w0[i];
            }
            assertThat(res.updateRatios()[0]).isCloseTo(norm(change) / norm(w0After), within(1e-15));
        }
    }

    @Test
    void l2AddsLambdaWToWeightGradientNotToBiasesAndHalfLambdaNormToLoss() {
        Blobs data = Blobs.make(8, 4, 2, 5);
        double lambda = 0.01;
        try (Network net = Nets.relu(Network.builder().layers(4, 3, 2).hidden(Activation.RELU)
                .output(Activation.SIGMOID, Loss.XENT).build(), 6)) {
            Gradients g = net.backprop(data.x(), Trainer.oneHot(data.labels(), 8, 2), 8);
            double[] w1 = net.getWeights(1);
            double[] b1 = net.getBiases(1);
            double sumW2 = Math.pow(norm(net.getWeights(0)), 2) + Math.pow(norm(w1), 2);
            BatchStep res = new Trainer(net, new Updater.Sgd(0.1), lambda).step(data.x(), data.labels(), 8);
            double[] w1After = net.getWeights(1);
            for (int i = 0; i < w1.length; i++) {
                assertThat(w1After[i]).isCloseTo(w1[i] - 0.1 * (g.dW()[1][i] + lambda * w1[i]), within(1e-16));
            }
            double[] b1After = net.getBiases(1);
            for (int j = 0; j < b1.length; j++) {
                assertThat(b1After[j]).isCloseTo(b1[j] - 0.1 * g.db()[1][j], within(1e-16));
            }
            assertThat(res.loss()).as("data loss, without the penalty").isEqualTo(g.loss());
            assertThat(res.l2Penalty()).isCloseTo(0.5 * lambda * sumW2, within(1e-15)).isGreaterThan(0.0);
            assertThat(res.weightGradNorms()[1]).as("without the L2 term").isCloseTo(norm(g.dW()[1]), within(1e-15));
        }
    }

    @Test
    void twoThreadTrainingStaysBitIdenticalToOneThread() {
        Blobs data = Blobs.make(96, 30, 5, 7);
        try (Network one = Nets.xavier(Network.builder().layers(30, 12, 5).threads(1).build(), 8);
             Network two = Nets.xavier(Network.builder().layers(30, 12, 5).threads(2).build(), 8)) {
            Trainer t1 = new Trainer(one, new Updater.Adam(0.01), 1e-3);
            Trainer t2 = new Trainer(two, new Updater.Adam(0.01), 1e-3);
            for (int from = 0; from < 96; from += 32) {
                BatchStep r1 = t1.step(data.rows(from, 32), data.labels(from, 32), 32);
                BatchStep r2 = t2.step(data.rows(from, 32), data.labels(from, 32), 32);
                assertThat(r2.loss()).isEqualTo(r1.loss());
            }
            for (int l = 0; l < 2; l++) {
                assertThat(two.getWeights(l)).containsExactly(one.getWeights(l), within(1e-12));
                assertThat(NetworkTest.maxAbsDiff(two.getWeights(l), one.getWeights(l))).isZero();
                assertThat(t2.weightState(l).get("v")).containsExactly(t1.weightState(l).get("v"), within(1e-12));
            }
        }
    }

    /**
     * Above 4,096 parameters in one array the update itself is split over the threads (blocks of
     * 4,096, round-robin) and its norms are summed block by block; a float first layer of 64 units or
     * more is split by units instead (its W by column block, one per thread, its norms summed per
     * chunk of 16 units). Either way every field of every step, the parameters and the updater state
     * are identical for 1, 2 and 3 threads, in double and float, for every updater, including a last
     * minibatch too small to split (22 examples).
     */
    @ParameterizedTest
    @ValueSource(ints = {24, 70})
    void resultsDoNotDependOnTheThreadCountWhenTheUpdateRunsInParallel(int hidden) {
        int[] sizes = {784, hidden, 10}; // W of layer 0: 18,816 or 54,880 parameters
        int[] batches = {64, 64, 22, 64};
        float[] x = ReferenceNetworkTest.mnistLike(214, 784, 51);
        int[] labels = ReferenceNetworkTest.labels(214, 10, 52);
        for (Precision precision : Precision.values()) {
            for (Updater updater : ReferenceNetworkTest.updaters()) {
                for (int threads = 2; threads <= 3; threads++) {
                    try (Network one = Network.builder().layers(sizes).hidden(Activation.RELU).precision(precision)
                            .threads(1).build();
                         Network two = Network.builder().layers(sizes).hidden(Activation.RELU).precision(precision)
                            .threads(threads).build()) {
                        assertThat(two.unitStart() != null)
                                .as("split by units").isEqualTo(precision == Precision.FLOAT && hidden >= Kernels.NARROW);
                        ReferenceNetworkTest.initialise(one, 53, 1.0);
                        ReferenceNetworkTest.initialise(two, 53, 1.0);
                        Trainer t1 = new Trainer(one, updater, 1e-3);
                        Trainer t2 = new Trainer(two, updater, 1e-3);
                        assertThat(t2.evaluate(x, labels, 214).meanLoss()).as("evaluated loss before training")
                                .isEqualTo(t1.evaluate(x, labels, 214).meanLoss());
                        int from = 0;
                        for (int i = 0; i < batches.length; i++) {
                            int n = batches[i];
                            float[] xb = Arrays.copyOfRange(x, from * 784, (from + n) * 784);
                            int[] lb = Arrays.copyOfRange(labels, from, from + n);
                            BatchStep s1 = t1.step(xb, lb, n);
                            BatchStep s2 = t2.step(xb, lb, n);
                            String at = precision + ", " + updater + ", " + threads + " threads, step " + i
                                    + " (batch " + n + ")";
                            assertThat(s2.loss()).as("loss, %s", at).isEqualTo(s1.loss());
                            assertThat(s2.l2Penalty()).as("L2 penalty, %s", at).isEqualTo(s1.l2Penalty());
                            assertThat(s2.outputDeltaNorm()).as("mean ||delta||, %s", at).isEqualTo(s1.outputDeltaNorm());
                            assertThat(s2.weightGradNorms()).as("||dW||, %s", at).isEqualTo(s1.weightGradNorms());
                            assertThat(s2.biasGradNorms()).as("||db||, %s", at).isEqualTo(s1.biasGradNorms());
                            assertThat(s2.updateRatios()).as("update ratios, %s", at).isEqualTo(s1.updateRatios());
                            from += n;
                        }
                        // evaluation reads a first layer split by units from a row copy: it must be the trained W
                        BatchEvaluation e1 = t1.evaluate(x, labels, 214);
                        BatchEvaluation e2 = t2.evaluate(x, labels, 214);
                        assertThat(e2.meanLoss()).as("evaluated loss, %s, %s", precision, updater).isEqualTo(e1.meanLoss());
                        assertThat(two.output(x, 214)).as("outputs, %s, %s", precision, updater)
                                .isEqualTo(one.output(x, 214));
                        for (int l = 0; l < 2; l++) {
                            assertThat(two.getWeights(l)).as("W of layer %d, %s, %s", l, precision, updater)
                                    .isEqualTo(one.getWeights(l));
                            assertThat(two.getBiases(l)).as("b of layer %d, %s, %s", l, precision, updater)
                                    .isEqualTo(one.getBiases(l));
                            for (String name : t1.weightState(l).names()) {
                                assertThat(t2.weightState(l).get(name)).as("state %s of W%d, %s, %s", name, l,
                                        precision, updater).isEqualTo(t1.weightState(l).get(name));
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * With the first layer split by units, a step from gradients handed in row-major ({@link
     * Trainer#apply}) is the same step as {@link Trainer#step}, which keeps them by column block: the
     * same result, parameters and state, and apply leaves theta_after - theta_before in the arrays.
     */
    @Test
    void applyingRowMajorGradientsToAFirstLayerSplitByUnitsEqualsAStep() {
        int[] sizes = {784, 100, 10};
        float[] x = ReferenceNetworkTest.mnistLike(64, 784, 61);
        int[] labels = ReferenceNetworkTest.labels(64, 10, 62);
        Updater updater = new Updater.Nesterovs(0.1, 0.9);
        try (Network stepped = Network.builder().layers(sizes).precision(Precision.FLOAT).threads(2).build();
             Network applied = Network.builder().layers(sizes).precision(Precision.FLOAT).threads(2).build()) {
            assertThat(applied.unitStart()).containsExactly(0, 48, 100);
            ReferenceNetworkTest.initialise(stepped, 63, 1.0);
            ReferenceNetworkTest.initialise(applied, 63, 1.0);
            Trainer ts = new Trainer(stepped, updater, 1e-3);
            Trainer ta = new Trainer(applied, updater, 1e-3);
            for (int i = 0; i < 2; i++) {
                double[] before = applied.getWeights(0);
                BatchStep s = ts.step(x, labels, 64);
                Gradients g = applied.backprop(x, Trainer.oneHot(labels, 64, 10), 64);
                BatchStep a = ta.apply(g);
                assertThat(a.loss()).isEqualTo(s.loss());
                assertThat(a.weightGradNorms()).isEqualTo(s.weightGradNorms());
                assertThat(a.updateRatios()).isEqualTo(s.updateRatios());
                double[] after = applied.getWeights(0);
                assertThat(after).isEqualTo(stepped.getWeights(0));
                for (int k = 0; k < after.length; k++) {
                    assertThat(g.dW()[0][k]).as("change of W0 entry %d", k).isEqualTo(after[k] - before[k]);
                }
                assertThat(ta.weightState(0).get("v")).isEqualTo(ts.weightState(0).get("v"));
            }
        }
    }

    /**
     * A step whose rows the threads write themselves ({@link BatchRows}) is the step from the filled
     * array, bit for bit: with the first layer split by units (70 units) or not (24; double), on 1 and
     * 2 threads, for a full and a too-small-to-split batch; every row is asked for exactly once.
     */
    @ParameterizedTest
    @ValueSource(ints = {24, 70})
    void aStepFromBatchRowsEqualsTheStepFromTheFilledArray(int hidden) {
        int[] sizes = {784, hidden, 10};
        float[] x = ReferenceNetworkTest.mnistLike(86, 784, 71);
        int[] labels = ReferenceNetworkTest.labels(86, 10, 72);
        for (Precision precision : Precision.values()) {
            for (int threads = 1; threads <= 2; threads++) {
                try (Network filled = Network.builder().layers(sizes).precision(precision).threads(threads).build();
                     Network byRows = Network.builder().layers(sizes).precision(precision).threads(threads).build()) {
                    ReferenceNetworkTest.initialise(filled, 73, 1.0);
                    ReferenceNetworkTest.initialise(byRows, 73, 1.0);
                    Trainer tf = new Trainer(filled, new Updater.Sgd(0.1));
                    Trainer tr = new Trainer(byRows, new Updater.Sgd(0.1));
                    int from = 0;
                    for (int n : new int[] {64, 22}) {
                        int offset = from;
                        float[] xb = Arrays.copyOfRange(x, from * 784, (from + n) * 784);
                        int[] lb = Arrays.copyOfRange(labels, from, from + n);
                        java.util.concurrent.atomic.AtomicIntegerArray asked = new java.util.concurrent.atomic.AtomicIntegerArray(n);
                        BatchRows rows = (r, dst, row) -> {
                            asked.incrementAndGet(r);
                            System.arraycopy(x, (offset + r) * 784, dst, row * 784, 784);
                        };
                        BatchStep a = tf.step(xb, lb, n);
                        BatchStep b = tr.step(rows, lb, n);
                        String at = precision + ", " + threads + " thread(s), " + hidden + " units, batch " + n;
                        assertThat(b.loss()).as("loss, %s", at).isEqualTo(a.loss());
                        assertThat(b.weightGradNorms()).as("||dW||, %s", at).isEqualTo(a.weightGradNorms());
                        for (int r = 0; r < n; r++) {
                            assertThat(asked.get(r)).as("row %d asked for, %s", r, at).isEqualTo(1);
                        }
                        from += n;
                    }
                    for (int l = 0; l < 2; l++) {
                        assertThat(byRows.getWeights(l)).isEqualTo(filled.getWeights(l));
                    }
                }
            }
        }
    }

    @Test
    void floatPrecisionRoundsParametersAndUpdaterStateAfterEachStep() {
        Blobs data = Blobs.make(10, 5, 3, 9);
        try (Network net = Network.builder().layers(5, 4, 3).precision(Precision.FLOAT).build()) {
            Trainer t = new Trainer(net, new Updater.Nesterovs(0.1, 0.9));
            t.step(data.x(), data.labels(), 10);
            for (int l = 0; l < 2; l++) {
                for (double w : net.getWeights(l)) {
                    assertThat((double) (float) w).isEqualTo(w);
                }
                for (double v : t.weightState(l).get("v")) {
                    assertThat((double) (float) v).isEqualTo(v);
                }
            }
        }
    }

    @Test
    void evaluateCountsConfusionAndMatchesNetworkLoss() {
        Blobs data = Blobs.make(2500, 6, 3, 11);
        try (Network net = Network.builder().layers(6, 5, 3).threads(2).build()) {
            Trainer t = new Trainer(net, new Updater.Sgd(0.1));
            BatchEvaluation ev = t.evaluate(data.x(), data.labels(), 2500);
            int total = 0;
            int diagonal = 0;
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 3; p++) {
                    total += ev.confusion()[c][p];
                }
                diagonal += ev.confusion()[c][c];
            }
            assertThat(total).isEqualTo(2500);
            assertThat(ev.accuracy()).isEqualTo(diagonal / 2500.0);
            double direct = net.loss(data.x(), Trainer.oneHot(data.labels(), 2500, 3), 2500);
            assertThat(ev.meanLoss()).isCloseTo(direct, within(1e-12));
        }
    }

    @Test
    void badLabelsAndBatchSizesAreRejectedNamingFoundAndExpected() {
        try (Network net = Network.builder().layers(2, 3).build()) {
            Trainer t = new Trainer(net, new Updater.Sgd(0.1));
            assertThatThrownBy(() -> t.step(new float[4], new int[] {0, 3}, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is 3").hasMessageContaining("[0, 3)");
            assertThatThrownBy(() -> t.step(new float[4], new int[] {0}, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 2").hasMessageContaining("length 1");
            assertThatThrownBy(() -> t.step(new float[6], new int[] {0, 1}, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 4").hasMessageContaining("length 6");
            assertThatThrownBy(() -> new Trainer(net, new Updater.Sgd(0.1), -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
        }
    }

    static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }
}
