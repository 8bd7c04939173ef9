package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimised engine ({@link Network}, {@link Trainer}) against the plain {@link ReferenceNetwork}.
 *
 * <p>Bit for bit (equal {@code double} bits, AssertJ's {@code isEqualTo} on {@code double[]}, which
 * compares with {@code Double.equals}) wherever the engine sums in the reference's order, which in
 * double is everywhere: z from b_j then k = 0, 1, ...; W^T delta over j = 0, 1, ...; dW, db, the loss
 * and ||delta|| over examples in order; zero inputs skipped (adding 0 leaves a sum unchanged); the
 * update element by element. If an optimisation changes one of these orders, that quantity (and what
 * is computed from it) moves to {@link #REL_DOUBLE}. Within {@link #REL_DOUBLE} where the order
 * differs: the reported gradient norms, which the trainer sums in four interleaved partial sums per
 * block of 4,096 parameters. The float path is compared with the double reference within
 * {@link #REL_FLOAT_GRADIENTS} and {@link #REL_FLOAT_PARAMETERS}.
 *
 * <p>Relative error of an array a against the reference r: max_i |a_i - r_i| / max_i |r_i| (the
 * max-norm of the difference over the max-norm of the reference; a scalar: |a - r| / |r|).
 */
class ReferenceNetworkTest {
    /** Relative error allowed where the engine sums in another order than the reference, in double. */
    static final double REL_DOUBLE = 1e-12;
    /**
     * Float path, gradients of one step: products and sums in float (unit roundoff 6e-8) over up to 784
     * terms per sum (measured: 3.3e-7 on the case below).
     */
    static final double REL_FLOAT_GRADIENTS = 1e-5;
    /**
     * Float path, parameters after six steps of Sgd or Nesterovs: parameters and state rounded to float
     * after each step, float gradients (measured: at most 2.5e-7).
     */
    static final double REL_FLOAT_PARAMETERS = 1e-6;
    /**
     * The same for Adam (measured: 1.1e-5 on W of the 784-input layer). Adam divides by sqrt(v), so a
     * weight whose gradient is tiny (a rarely active pixel; the sum over the batch cancels) still moves
     * by about eta, and the float rounding of that gradient's sum changes the step by a large fraction.
     */
    static final double REL_FLOAT_PARAMETERS_ADAM = 1e-4;

    // ---- every output pair and delta rule, several hidden layers, both thread counts and inputs ----

    /** Every accepted (activation, loss) pair with every delta rule: a superset of every config output x delta_rule. */
    static List<OutputPair> pairsAndRules() {
        List<OutputPair> all = new ArrayList<>();
        for (OutputPair p : OutputPair.validPairs()) {
            for (DeltaMode mode : DeltaMode.values()) {
                all.add(OutputPair.of(p.activation(), p.loss(), mode));
            }
        }
        return all;
    }

    @Test
    void theCasesCoverEveryValidPairWithEveryDeltaRuleAndBothClosedForms() {
        List<OutputPair> cases = pairsAndRules();
        assertThat(cases).hasSize(OutputPair.validPairs().size() * DeltaMode.values().length);
        assertThat(cases).filteredOn(OutputPair::hasShortcut).extracting(OutputPair::activation)
                .containsOnly(Activation.SOFTMAX, Activation.SIGMOID);
    }

    /**
     * Four hidden layers (each hidden activation once), batch 37 (split over two threads at 2; rows
     * 0..17 and 18..36), MNIST-like sparse and dense random inputs, the engine's sparse skip on and off:
     * forward activations, gradients, loss and mean ||delta|| equal the reference's bit for bit. The
     * output layer's weights are scaled so that outputs saturate (|z| above 11.5, where DL4J's clipped
     * XENT gradient departs from a - y and MCXENT's value clip is reached).
     */
    @ParameterizedTest
    @MethodSource("pairsAndRules")
    void oneBackwardPassEqualsTheReferenceBitForBit(OutputPair pair) {
        int[] sizes = {12, 10, 9, 8, 7, 5};
        int batch = 37;
        for (boolean saturated : new boolean[] {false, true}) {
            ReferenceNetwork ref = null;
            for (int threads = 1; threads <= 2; threads++) {
                for (boolean sparseSkip : new boolean[] {true, false}) {
                    try (Network net = Network.builder().layers(sizes)
                            .hidden(Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.IDENTITY)
                            .output(pair).sparseInput(sparseSkip).threads(threads).build()) {
                        initialise(net, 21, saturated ? saturatingScale(pair) : 1.0);
                        ref = copyOf(net, pair);
                        for (boolean mnistLike : new boolean[] {true, false}) {
                            float[] x = mnistLike ? mnistLike(batch, sizes[0], 5) : dense(batch, sizes[0], 5);
                            double[] y = Trainer.oneHot(labels(batch, 5, 6), batch, 5);
                            String what = pair + (saturated ? ", saturated" : "") + ", " + threads + " thread(s), "
                                    + (mnistLike ? "MNIST-like" : "dense") + " input, sparse skip " + sparseSkip;
                            assertSameBackward(net, ref, x, y, batch, what);
                        }
                    }
                }
            }
            if (saturated) {
                // the saturated case does reach the clipped ranges: sigmoid outputs within 1e-5 of 0 or 1
                // (not exactly 0 or 1), a target class's softmax probability below 1e-10
                double[][] out = ref.forward(rows(mnistLike(batch, sizes[0], 5), batch, sizes[0]))[sizes.length - 2];
                if (pair.activation() == Activation.SIGMOID) {
                    assertThat(minOf(out, v -> Math.min(v, 1 - v))).isLessThan(Loss.XENT_CLIP_EPS).isGreaterThan(0.0);
                }
                if (pair.activation() == Activation.SOFTMAX) {
                    int[] target = labels(batch, 5, 6);
                    double smallest = 1.0;
                    for (int r = 0; r < batch; r++) {
                        smallest = Math.min(smallest, out[r][target[r]]);
                    }
                    assertThat(smallest).isLessThan(Loss.MCXENT_CLIP_EPS).isGreaterThan(0.0);
                }
            }
        }
    }

    /**
     * How much to scale the output layer's weights so that its |z| reaches about 18 (sigmoid: inside
     * XENT's clip, short of the 36.7 where sigmoid rounds to 1 and the Jacobian rule stops) or its
     * softmax logits differ by about 40 (a target probability below MCXENT's 1e-10 clip).
     */
    private static double saturatingScale(OutputPair pair) {
        return pair.activation() == Activation.SOFTMAX ? 400.0 : 150.0;
    }

    /**
     * The float path for every output pair and delta rule (the same networks and inputs, not
     * saturated): gradients and loss within {@link #REL_FLOAT_GRADIENTS} of the double reference
     * started from the same float values, 1 and 2 threads.
     */
    @ParameterizedTest
    @MethodSource("pairsAndRules")
    void theFloatPathGivesEveryPairsGradientsWithinFloatRounding(OutputPair pair) {
        int[] sizes = {12, 10, 9, 8, 7, 5};
        int batch = 37;
        for (int threads = 1; threads <= 2; threads++) {
            try (Network net = Network.builder().layers(sizes)
                    .hidden(Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.IDENTITY)
                    .output(pair).precision(Precision.FLOAT).threads(threads).build()) {
                initialise(net, 21, 1.0);
                ReferenceNetwork ref = copyOf(net, pair);
                for (boolean mnistLike : new boolean[] {true, false}) {
                    float[] x = mnistLike ? mnistLike(batch, sizes[0], 5) : dense(batch, sizes[0], 5);
                    double[] y = Trainer.oneHot(labels(batch, 5, 6), batch, 5);
                    String what = pair + ", float, " + threads + " thread(s), " + (mnistLike ? "MNIST-like" : "dense");
                    Gradients g = net.backprop(x, y, batch);
                    Gradients r = ref.backprop(rows(x, batch, sizes[0]), rows(y, batch, 5));
                    for (int l = 0; l < net.numLayers(); l++) {
                        assertThat(relativeError(g.dW()[l], r.dW()[l])).as("dW of layer %d, %s", l, what)
                                .isLessThan(REL_FLOAT_GRADIENTS);
                        assertThat(relativeError(g.db()[l], r.db()[l])).as("db of layer %d, %s", l, what)
                                .isLessThan(REL_FLOAT_GRADIENTS);
                    }
                    assertThat(relativeError(g.loss(), r.loss())).as("loss, %s", what).isLessThan(REL_FLOAT_GRADIENTS);
                }
            }
        }
    }

    private static void assertSameBackward(Network net, ReferenceNetwork ref, float[] x, double[] y, int batch,
            String what) {
        int nIn = net.inputSize();
        double[][] xr = rows(x, batch, nIn);
        double[][] yr = rows(y, batch, net.outputSize());
        double[][][] aRef = ref.forward(xr);
        double[][] a = net.forward(x, batch);
        for (int l = 0; l < net.numLayers(); l++) {
            assertThat(a[l]).as("a of layer %d, %s", l, what).isEqualTo(flatten(aRef[l]));
        }
        Gradients g = net.backprop(x, y, batch);
        Gradients r = ref.backprop(xr, yr);
        for (int l = 0; l < net.numLayers(); l++) {
            assertThat(g.dW()[l]).as("dW of layer %d, %s", l, what).isEqualTo(r.dW()[l]);
            assertThat(g.db()[l]).as("db of layer %d, %s", l, what).isEqualTo(r.db()[l]);
        }
        assertThat(g.loss()).as("loss, %s", what).isEqualTo(r.loss());
        assertThat(g.outputDeltaNorm()).as("mean ||delta||, %s", what).isEqualTo(r.outputDeltaNorm());
        // the double-input entry points and the forward-only loss take the same path
        double[] xd = flatten(xr);
        Gradients gd = net.backprop(xd, y, batch);
        for (int l = 0; l < net.numLayers(); l++) {
            assertThat(gd.dW()[l]).as("dW of layer %d from double input, %s", l, what).isEqualTo(r.dW()[l]);
        }
        assertThat(net.loss(xd, y, batch)).as("forward-only loss, %s", what).isEqualTo(r.loss());
        assertThat(net.output(xd, batch)).as("output from double input, %s", what)
                .isEqualTo(flatten(aRef[net.numLayers() - 1]));
    }

    // ---- training: more than 4,096 parameters, partial last minibatch, every updater ----

    static List<Updater> updaters() {
        return List.of(new Updater.Sgd(0.3), new Updater.Nesterovs(0.1, 0.9), new Updater.Adam(0.005));
    }

    /**
     * 784-24-16-10 (18,816 weights in layer 0, 5 blocks of 4,096: the update runs in parallel on 2
     * threads), 150 examples in minibatches of 64, 64, 22 (the last one below the 2-thread split
     * size, so it runs on one thread), two epochs, L2 1e-3 on the weights, MNIST-like and dense inputs, 1 and 2
     * threads: the gradients of the first step and the parameters and updater state after every step
     * equal the reference's bit for bit; the reported gradient norms are within {@link #REL_DOUBLE}.
     */
    @ParameterizedTest
    @MethodSource("updaters")
    void trainingEqualsTheReferenceBitForBit(Updater updater) {
        for (boolean mnistLike : new boolean[] {true, false}) {
            for (int threads = 1; threads <= 2; threads++) {
                trainBesideTheReference(updater, mnistLike, threads);
            }
        }
    }

    private static void trainBesideTheReference(Updater updater, boolean mnistLike, int threads) {
        int[] sizes = {784, 24, 16, 10};
        int n = 150;
        int[] batches = {64, 64, 22};
        double l2 = 1e-3; // the weights take the L2 branch, the biases the one without
        OutputPair pair = OutputPair.of(Activation.SOFTMAX, Loss.MCXENT, DeltaMode.DL4J);
        float[] x = mnistLike ? mnistLike(n, sizes[0], 31) : dense(n, sizes[0], 31);
        int[] labels = labels(n, 10, 32);
        String what = updater + ", " + threads + " thread(s), " + (mnistLike ? "MNIST-like" : "dense") + " input";
        try (Network net = Network.builder().layers(sizes).hidden(Activation.RELU, Activation.TANH).output(pair)
                .threads(threads).build()) {
            initialise(net, 33, 1.0);
            ReferenceNetwork ref = copyOf(net, pair);
            Trainer trainer = new Trainer(net, updater, l2);
            int step = 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                int from = 0;
                for (int batch : batches) {
                    float[] xb = slice(x, from, batch, sizes[0]);
                    int[] lb = Arrays.copyOfRange(labels, from, from + batch);
                    double[][] xr = rows(xb, batch, sizes[0]);
                    double[][] yr = rows(Trainer.oneHot(lb, batch, 10), batch, 10);
                    String at = what + ", step " + step + " (batch " + batch + ")";
                    if (step == 0) {
                        Gradients g = net.backprop(xb, Trainer.oneHot(lb, batch, 10), batch);
                        Gradients r = ref.backprop(xr, yr);
                        for (int l = 0; l < 3; l++) {
                            assertThat(g.dW()[l]).as("dW of layer %d, %s", l, at).isEqualTo(r.dW()[l]);
                            assertThat(g.db()[l]).as("db of layer %d, %s", l, at).isEqualTo(r.db()[l]);
                        }
                    }
                    BatchStep s = trainer.step(xb, lb, batch);
                    Gradients r = ref.step(xr, yr, updater, l2);
                    assertThat(s.loss()).as("loss, %s", at).isEqualTo(r.loss());
                    assertThat(s.outputDeltaNorm()).as("mean ||delta||, %s", at).isEqualTo(r.outputDeltaNorm());
                    for (int l = 0; l < 3; l++) {
                        assertThat(relativeError(s.weightGradNorms()[l], norm(r.dW()[l])))
                                .as("||dW|| of layer %d, %s", l, at).isLessThanOrEqualTo(REL_DOUBLE);
                        assertThat(relativeError(s.biasGradNorms()[l], norm(r.db()[l])))
                                .as("||db|| of layer %d, %s", l, at).isLessThanOrEqualTo(REL_DOUBLE);
                        assertThat(net.getWeights(l)).as("W of layer %d, %s", l, at).isEqualTo(ref.getWeights(l));
                        assertThat(net.getBiases(l)).as("b of layer %d, %s", l, at).isEqualTo(ref.getBiases(l));
                    }
                    from += batch;
                    step++;
                }
            }
            assertThat(trainer.iteration()).isEqualTo(ref.iteration()).isEqualTo(6);
            for (int l = 0; l < 3; l++) {
                UpdaterState state = trainer.weightState(l);
                double[][] refState = ref.weightState(l);
                for (int q = 0; q < state.names().size(); q++) {
                    assertThat(state.get(state.names().get(q))).as("state %s of W%d, %s", state.names().get(q), l, what)
                            .isEqualTo(refState[q]);
                }
            }
            // evaluation (forward only, in chunks, split over the threads): the same mean loss
            double[][] all = rows(x, n, sizes[0]);
            double referenceLoss = ref.backprop(all, rows(Trainer.oneHot(labels, n, 10), n, 10)).loss();
            assertThat(trainer.evaluate(x, labels, n).meanLoss()).as("evaluated loss, %s", what).isEqualTo(referenceLoss);
        }
    }

    // ---- the float path ----

    /**
     * dtype float computes in float32: started from the same float-rounded parameters, its gradients
     * of one step are within {@link #REL_FLOAT_GRADIENTS} of the double reference's and its parameters
     * after six steps (two epochs of 64, 64, 22) within {@link #REL_FLOAT_PARAMETERS} (Adam:
     * {@link #REL_FLOAT_PARAMETERS_ADAM}), for every
     * updater, 1 and 2 threads, with a first layer of 40 units and of 70 (split by units over the
     * threads); and the difference is float rounding, not zero (the path really computes in float).
     */
    @ParameterizedTest
    @MethodSource("updaters")
    void theFloatPathStaysWithinFloatRoundingOfTheReference(Updater updater) {
        for (int hidden : new int[] {40, 70}) {
            floatPathBesideTheReference(updater, new int[] {784, hidden, 20, 10});
        }
    }

    private static void floatPathBesideTheReference(Updater updater, int[] sizes) {
        int n = 150;
        int[] batches = {64, 64, 22};
        OutputPair pair = OutputPair.of(Activation.SOFTMAX, Loss.MCXENT, DeltaMode.DL4J);
        float[] x = mnistLike(n, sizes[0], 41);
        int[] labels = labels(n, 10, 42);
        for (int threads = 1; threads <= 2; threads++) {
            try (Network net = Network.builder().layers(sizes).hidden(Activation.SIGMOID, Activation.RELU)
                    .output(pair).precision(Precision.FLOAT).threads(threads).build()) {
                initialise(net, 43, 1.0);
                ReferenceNetwork ref = copyOf(net, pair); // the float values, exactly
                Trainer trainer = new Trainer(net, updater, 1e-4);
                double parameterTolerance = updater instanceof Updater.Adam ? REL_FLOAT_PARAMETERS_ADAM : REL_FLOAT_PARAMETERS;
                double worstGradient = 0.0;
                int from = 0;
                for (int step = 0; step < 6; step++) {
                    int batch = batches[step % 3];
                    from = step % 3 == 0 ? 0 : from;
                    float[] xb = slice(x, from, batch, sizes[0]);
                    int[] lb = Arrays.copyOfRange(labels, from, from + batch);
                    double[] y = Trainer.oneHot(lb, batch, 10);
                    if (step == 0) {
                        Gradients g = net.backprop(xb, y, batch);
                        Gradients r = ref.backprop(rows(xb, batch, sizes[0]), rows(y, batch, 10));
                        for (int l = 0; l < 3; l++) {
                            worstGradient = Math.max(worstGradient, relativeError(g.dW()[l], r.dW()[l]));
                            worstGradient = Math.max(worstGradient, relativeError(g.db()[l], r.db()[l]));
                        }
                        assertThat(relativeError(g.loss(), r.loss())).as("loss").isLessThan(REL_FLOAT_GRADIENTS);
                    }
                    trainer.step(xb, lb, batch);
                    ref.step(rows(xb, batch, sizes[0]), rows(y, batch, 10), updater, 1e-4);
                    from += batch;
                }
                assertThat(net.unitStart() != null).as("split by units").isEqualTo(sizes[1] >= Kernels.NARROW);
                assertThat(worstGradient).as("gradients, %s, %d thread(s)", updater, threads)
                        .isLessThan(REL_FLOAT_GRADIENTS).isGreaterThan(1e-9);
                for (int l = 0; l < 3; l++) {
                    assertThat(relativeError(net.getWeights(l), ref.getWeights(l)))
                            .as("W of layer %d after 6 steps, %s, %d thread(s), %s", l, updater, threads, Arrays.toString(sizes))
                            .isLessThan(parameterTolerance).isGreaterThan(0.0);
                    assertThat(relativeError(net.getBiases(l), ref.getBiases(l)))
                            .as("b of layer %d after 6 steps, %s, %d thread(s)", l, updater, threads)
                            .isLessThan(parameterTolerance);
                }
            }
        }
    }

    // ---- the reference on its own ----

    /** The reference's output delta is J^T g as docs/backprop.md section 1 writes it, with J formed explicitly. */
    @Test
    void theReferenceOutputDeltaIsJacobianTransposeTimesG() {
        double[] z = {2.0, 1.0, 0.1, -1.0};
        double[] y = {0, 0, 1, 0};
        for (OutputPair pair : pairsAndRules()) {
            ReferenceNetwork ref = new ReferenceNetwork(new int[] {1, 4}, new Activation[] {pair.activation()}, pair);
            double[] a = ReferenceNetwork.activate(pair.activation(), z);
            double[] g = ReferenceNetwork.lossGradient(pair.loss(), a, y, pair.mode() == DeltaMode.DL4J);
            double[][] jac = pair.activation().jacobian(z);
            double[] expected = new double[4];
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < 4; i++) {
                    expected[k] += g[i] * jac[i][k];
                }
            }
            assertThat(ReferenceNetwork.jacobianTransposeTimes(pair.activation(), z, a, g)).as("%s", pair)
                    .containsExactly(expected, within(1e-15));
            double[] delta = ref.outputDelta(z, a, y);
            assertThat(delta).as("%s", pair).containsExactly(expected, within(1e-15));
        }
    }

    // ---- data and helpers ----

    /**
     * [rows][n] like MNIST pixels: about 81% zeros, the rest k/255 with k in 1..255, in strokes (runs
     * along the row) rather than scattered.
     */
    static float[] mnistLike(int rows, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            int k = 0;
            while (k < n) {
                int gap = 1 + rng.nextInt(8);
                int run = 1 + rng.nextInt(3);
                k += gap;
                for (int e = 0; e < run && k < n; e++, k++) {
                    x[r * n + k] = (1 + rng.nextInt(255)) / 255f;
                }
            }
        }
        return x;
    }

    /** [rows][n] standard normal values, no zeros. */
    static float[] dense(int rows, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    static int[] labels(int rows, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = rng.nextInt(classes);
        }
        return labels;
    }

    /** Weights N(0, 2/(fanIn + fanOut)) (the output layer's times outputScale), biases N(0, 0.1^2). */
    static void initialise(Network net, long seed, double outputScale) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sizes = net.layerSizes();
        for (int l = 0; l < net.numLayers(); l++) {
            double std = Math.sqrt(2.0 / (sizes[l] + sizes[l + 1])) * (l == net.numLayers() - 1 ? outputScale : 1.0);
            double[] w = new double[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < w.length; i++) {
                w[i] = std * rng.nextGaussian();
            }
            double[] b = new double[sizes[l + 1]];
            for (int j = 0; j < b.length; j++) {
                b[j] = 0.1 * rng.nextGaussian();
            }
            net.setParameters(l, w, b);
        }
    }

    /** A reference network holding the engine's current parameters (as stored: float values for FLOAT). */
    static ReferenceNetwork copyOf(Network net, OutputPair pair) {
        ReferenceNetwork ref = ReferenceNetwork.like(net, pair);
        for (int l = 0; l < net.numLayers(); l++) {
            ref.setParameters(l, net.getWeights(l), net.getBiases(l));
        }
        return ref;
    }

    static float[] slice(float[] x, int fromRow, int rows, int n) {
        return Arrays.copyOfRange(x, fromRow * n, (fromRow + rows) * n);
    }

    static double[][] rows(float[] x, int rows, int n) {
        double[][] out = new double[rows][n];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < n; k++) {
                out[r][k] = x[r * n + k];
            }
        }
        return out;
    }

    static double[][] rows(double[] x, int rows, int n) {
        double[][] out = new double[rows][n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * n, out[r], 0, n);
        }
        return out;
    }

    static double[] flatten(double[][] m) {
        int n = m[0].length;
        double[] out = new double[m.length * n];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * n, n);
        }
        return out;
    }

    /** max_i |a_i - r_i| / max_i |r_i|. */
    static double relativeError(double[] a, double[] r) {
        double diff = 0.0;
        double scale = 0.0;
        for (int i = 0; i < r.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - r[i]));
            scale = Math.max(scale, Math.abs(r[i]));
        }
        return diff == 0.0 ? 0.0 : diff / scale;
    }

    static double relativeError(double a, double r) {
        return a == r ? 0.0 : Math.abs(a - r) / Math.abs(r);
    }

    static double norm(double[] v) {
        double s = 0.0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    private static double maxOf(double[][] m, DoubleUnaryOperator fn) {
        double best = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                best = Math.max(best, fn.applyAsDouble(v));
            }
        }
        return best;
    }

    private static double minOf(double[][] m, DoubleUnaryOperator fn) {
        return -maxOf(m, v -> -fn.applyAsDouble(v));
    }
}
