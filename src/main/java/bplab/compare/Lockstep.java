package bplab.compare;

import bplab.backprop.Gradients;
import bplab.backprop.Network;
import bplab.backprop.Trainer;
import bplab.compare.LockstepResult.Quantity;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.dl4j.Dl4jRuntime;
import bplab.dl4j.NetworkFactory;
import bplab.handwritten.ParameterBridge;
import bplab.handwritten.HandwrittenEngine;
import bplab.metrics.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J and the hand-written engine trained side by side: both start from the parameters
 * {@code ParameterInit} draws for the config's seed, both get the same minibatches in
 * the same order, and after every iteration their gradients, losses and updated parameters
 * are compared. The hand-written side forms its output delta by the config's
 * {@code handwritten.delta_rule}; the default (dl4j) is DL4J's own path, so that even the clipped
 * binary cross-entropy agrees number for number, and the other rules show where they depart.
 */
public final class Lockstep implements AutoCloseable {
    public static final String FILE = "compare.csv";

    /** Replaces the hand-written gradients before they are compared and applied (tests inject bugs here). */
    @FunctionalInterface
    public interface GradientTap {
        void accept(long iteration, Gradients gradients);
    }

    /** Replaces the hand-written minibatch loss before it is compared (tests inject loss bugs here). */
    @FunctionalInterface
    interface LossTap {
        double apply(long iteration, double loss);
    }

    /** May change the hand-written parameters after the update, before they are compared (tests inject update bugs here). */
    @FunctionalInterface
    interface ParameterTap {
        void accept(long iteration, Network hand);
    }

    private final RunConfig config;
    private final MultiLayerNetwork dl4j;
    private final Network hand;
    private final Trainer trainer;
    private final GradientCapture capture;
    private final int layers;
    private GradientTap tap = (i, g) -> {};
    private LossTap lossTap = (i, loss) -> loss;
    private ParameterTap parameterTap = (i, n) -> {};

    public Lockstep(RunConfig config) {
        Dl4jRuntime.configure();
        this.config = config;
        this.dl4j = NetworkFactory.build(config);
        HandwrittenEngine engine = new HandwrittenEngine(config,
                HandwrittenEngine.deltaMode(config.handwritten().deltaRule()), 1);
        this.hand = engine.network();
        this.trainer = engine.trainer();
        this.layers = hand.numLayers();
        this.capture = new GradientCapture(layers);
        dl4j.setListeners(capture);
    }

    public Lockstep withGradientTap(GradientTap tap) {
        this.tap = tap;
        return this;
    }

    Lockstep withLossTap(LossTap tap) {
        this.lossTap = tap;
        return this;
    }

    Lockstep withParameterTap(ParameterTap tap) {
        this.parameterTap = tap;
        return this;
    }

    /** CSV columns: per iteration, losses and per parameter the norms, their relative error, the parameter gap. */
    public static List<String> header(int layers) {
        List<String> h = new ArrayList<>(List.of("iteration", "epoch", "loss_dl4j", "loss_handwritten", "loss_rel_err"));
        for (String p : parameterNames(layers)) {
            h.add("grad_norm_dl4j_" + p);
            h.add("grad_norm_handwritten_" + p);
            h.add("grad_rel_err_" + p);
            h.add("param_max_abs_diff_" + p);
        }
        return h;
    }

    static List<String> parameterNames(int layers) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            names.add(l + "_W");
            names.add(l + "_b");
        }
        return names;
    }

    /**
     * Runs {@code iterations} lockstep iterations (crossing epochs as needed) on {@code train},
     * writing one row per iteration to {@code csvFile}. Every iteration is checked against all
     * three tolerances; a violation stops nothing, the first of each quantity is kept.
     */
    public LockstepResult run(Dataset train, long iterations, Tolerances tolerances, Path csvFile, ProgressSink progress) {
        int batchSize = config.training().batchSize();
        int perEpoch = BatchOrder.batches(train.size(), batchSize);
        List<String> names = parameterNames(layers);
        int params = names.size();
        double[] worst = new double[params];
        long[] worstAt = new long[params];
        double[] maxParamDiff = new double[params];
        long[] maxParamDiffAt = new long[params];
        double[] lastParamDiff = new double[params];
        CheckTracker gradients = new CheckTracker(Quantity.GRADIENT, tolerances.gradient());
        CheckTracker losses = new CheckTracker(Quantity.LOSS, tolerances.loss());
        CheckTracker parameters = new CheckTracker(Quantity.PARAMETER, tolerances.parameter());
        Minibatch batch = new Minibatch(batchSize);
        int[] order = null;
        int epoch = -1;
        try (CsvWriter csv = new CsvWriter(csvFile, header(layers))) {
            for (long it = 0; it < iterations; it++) {
                int e = (int) (it / perEpoch);
                if (e != epoch) {
                    epoch = e;
                    order = BatchOrder.permutation(train.size(), config.seed(), epoch);
                }
                int b = (int) (it % perEpoch);
                int n = Math.min(batchSize, train.size() - b * batchSize);
                batch.fill(train, order, b * batchSize, n);
                float[] x = Arrays.copyOf(batch.features(), n * Dataset.FEATURES);
                double[] y = oneHot(batch.labels(), n, hand.outputSize());

                capture.expect(n);
                dl4j.fit(toDataSet(x, y, n));
                double lossDl4j = dl4j.score();

                Gradients g = hand.backprop(x, y, n);
                tap.accept(it, g);
                double[][] gw = copy(g.dW());
                double[][] gb = copy(g.db());
                bplab.backprop.BatchStep applied = trainer.apply(g);
                // DL4J's score includes the L2 penalty
                double lossHand = lossTap.apply(it, applied.loss() + applied.l2Penalty());
                parameterTap.accept(it, hand);

                Object[] row = new Object[5 + 4 * params];
                row[0] = it;
                row[1] = epoch;
                row[2] = lossDl4j;
                row[3] = lossHand;
                double lossErr = Agreement.relativeError(lossDl4j, lossHand);
                row[4] = lossErr;
                for (int p = 0; p < params; p++) {
                    int l = p / 2;
                    boolean w = p % 2 == 0;
                    double[] a = w ? capture.weights[l] : capture.biases[l];
                    double[] h = w ? gw[l] : gb[l];
                    double err = Agreement.relativeError(a, h);
                    double[] pd = ParameterBridge.rowMajor(dl4j.getParam(names.get(p)));
                    double[] ph = w ? hand.getWeights(l) : hand.getBiases(l);
                    double diff = Agreement.maxAbsDiff(pd, ph);
                    row[5 + 4 * p] = Agreement.norm(a);
                    row[6 + 4 * p] = Agreement.norm(h);
                    row[7 + 4 * p] = err;
                    row[8 + 4 * p] = diff;
                    if (!(err <= worst[p])) {
                        worst[p] = err;
                        worstAt[p] = it;
                    }
                    if (!(diff <= maxParamDiff[p])) {
                        maxParamDiff[p] = diff;
                        maxParamDiffAt[p] = it;
                    }
                    lastParamDiff[p] = diff;
                    gradients.see(it, names.get(p), err);
                    parameters.see(it, names.get(p), diff);
                }
                losses.see(it, null, lossErr);
                csv.row(row);
                progress.iterationDone(it, iterations);
            }
        }
        List<LockstepResult.ParameterAgreement> agreements = new ArrayList<>();
        for (int p = 0; p < params; p++) {
            agreements.add(new LockstepResult.ParameterAgreement(names.get(p), worst[p], worstAt[p], maxParamDiff[p],
                    maxParamDiffAt[p], lastParamDiff[p]));
        }
        return new LockstepResult(iterations, agreements, List.of(gradients.result(), losses.result(), parameters.result()));
    }

    /** The worst value of one quantity and its first violation. NaN counts as worse than anything. */
    private static final class CheckTracker {
        private final Quantity quantity;
        private final double tolerance;
        private double worst;
        private long worstIteration;
        private String worstParameter;
        private LockstepResult.Violation first;

        CheckTracker(Quantity quantity, double tolerance) {
            this.quantity = quantity;
            this.tolerance = tolerance;
        }

        void see(long iteration, String parameter, double value) {
            if (!(value <= worst) && !Double.isNaN(worst)) {
                worst = value;
                worstIteration = iteration;
                worstParameter = parameter;
            }
            if (first == null && !(value <= tolerance)) {
                first = new LockstepResult.Violation(iteration, quantity, parameter, value, tolerance);
            }
        }

        LockstepResult.Check result() {
            return new LockstepResult.Check(quantity, tolerance, worst, worstIteration, worstParameter, first);
        }
    }

    /** Receives progress; the command layer decides how to show it. */
    @FunctionalInterface
    public interface ProgressSink {
        void iterationDone(long iteration, long total);
    }

    private DataSet toDataSet(float[] x, double[] y, int n) {
        DataType type = dl4j.getLayerWiseConfigurations().getDataType();
        return new DataSet(Nd4j.create(x, new long[] {n, Dataset.FEATURES}, 'c').castTo(type),
                Nd4j.create(y, new long[] {n, y.length / n}, 'c').castTo(type));
    }

    private static double[] oneHot(int[] labels, int n, int classes) {
        double[] y = new double[n * classes];
        for (int i = 0; i < n; i++) y[i * classes + labels[i]] = 1.0;
        return y;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    @Override
    public void close() {
        hand.close();
    }
}
