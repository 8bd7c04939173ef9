package bplab.handwritten;

import bplab.backprop.Activation;
import bplab.backprop.DeltaMode;
import bplab.backprop.Gradients;
import bplab.backprop.Network;
import bplab.backprop.OutputPair;
import bplab.backprop.Precision;
import bplab.backprop.Trainer;
import bplab.backprop.UndefinedDeltaException;
import bplab.backprop.Updater;
import bplab.config.DeltaRule;
import bplab.config.Dtype;
import bplab.config.HiddenLayerConfig;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import bplab.config.UpdaterConfig;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.init.InitialParameters;
import bplab.init.ParameterInit;
import bplab.train.Evaluation;
import bplab.train.GradientStats;
import bplab.train.StepResult;
import bplab.train.UndefinedStepException;
import bplab.train.TrainingEngine;
import bplab.ui.StatsSource;
import bplab.ui.StatsTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the hand-written engine ({@link bplab.backprop}) behind the same interface as
 * DL4J, so the training loop, metrics files and evaluation are shared. Models are saved in
 * DL4J's format ({@link Dl4jModelFile}, written without loading ND4J), so {@code evaluate}
 * reads either engine's runs.
 */
public final class HandwrittenEngine implements TrainingEngine, StatsSource {
    private static final int EVAL_CHUNK = 1000;

    private final RunConfig config;
    private final Network net;
    private final Trainer trainer;
    /** Publishes DL4J UI statistics when asked to ({@link #publishStats}). */
    private UiStatsPublisher ui;

    /** The engine a config describes: its delta rule, its initial parameters, two threads at most. */
    public HandwrittenEngine(RunConfig config) {
        this(config, deltaMode(config.handwritten().deltaRule()), defaultThreads());
    }

    /**
     * @param mode    how the output delta is formed (overrides the config's handwritten.delta_rule)
     * @param threads worker threads for the matrix products (results do not depend on it)
     */
    public HandwrittenEngine(RunConfig config, DeltaMode mode, int threads) {
        this.config = config;
        int[] sizes = config.model().layerSizes(Dataset.FEATURES, Dataset.CLASSES);
        Activation[] hidden = config.model().hidden().stream().map(HiddenLayerConfig::activation)
                .map(bplab.config.ActivationKind::function).toArray(Activation[]::new);
        Network.Builder builder = Network.builder().layers(sizes);
        if (hidden.length > 0) builder.hidden(hidden);
        this.net = builder.output(outputPair(config.model().output(), mode))
                .precision(config.model().dtype() == Dtype.DOUBLE ? Precision.DOUBLE : Precision.FLOAT)
                .sparseInput(true)
                .threads(threads)
                .build();
        InitialParameters init = ParameterInit.of(config, Dataset.FEATURES, Dataset.CLASSES);
        for (int l = 0; l < net.numLayers(); l++) net.setParameters(l, init.weights(l), init.biases(l));
        this.trainer = new Trainer(net, updater(config.training().updater()), config.training().l2());
    }

    public static DeltaMode deltaMode(DeltaRule rule) {
        return switch (rule) {
            case DL4J -> DeltaMode.DL4J;
            case SHORTCUT -> DeltaMode.SHORTCUT;
            case JACOBIAN -> DeltaMode.JACOBIAN;
        };
    }

    static int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public static OutputPair outputPair(OutputConfig output, DeltaMode mode) {
        return output.pair(mode);
    }

    public static Updater updater(UpdaterConfig u) {
        return switch (u.type()) {
            case SGD -> new Updater.Sgd(u.learningRate());
            case NESTEROV -> new Updater.Nesterovs(u.learningRate(), u.momentum());
            case ADAM -> new Updater.Adam(u.learningRate(), u.beta1(), u.beta2(), u.epsilon());
        };
    }

    public Network network() {
        return net;
    }

    public Trainer trainer() {
        return trainer;
    }

    @Override
    public String name() {
        return "handwritten";
    }

    @Override
    public int[] layerSizes() {
        return net.layerSizes();
    }

    @Override
    public StepResult step(Minibatch batch, boolean recordStats) {
        int n = batch.size();
        int[] labels = batch.labels().length == n ? batch.labels() : Arrays.copyOf(batch.labels(), n);
        int iteration = trainer.iteration();
        boolean report = ui != null && ui.target().reports(iteration);
        bplab.backprop.BatchStep r;
        double[][][] observed = null;
        try {
            if (report) {
                // the same step as trainer.step, with the gradients kept before the update overwrites them
                float[] f = batch.features();
                float[] x = f.length == n * Dataset.FEATURES ? f : Arrays.copyOf(f, n * Dataset.FEATURES);
                Gradients g = net.backprop(x, oneHot(labels, n, net.outputSize()), n);
                double[][] weightGradients = times(g.dW(), n);
                double[][] biasGradients = times(g.db(), n);
                r = trainer.apply(g);
                // apply leaves theta_after - theta_before in the gradient arrays; DL4J's "update" is what was subtracted
                observed = new double[][][] {weightGradients, biasGradients, times(g.dW(), -1), times(g.db(), -1)};
            } else {
                r = trainer.step(batch::copyRow, labels, n); // each thread copies the rows it starts with
            }
        } catch (UndefinedDeltaException e) {
            throw new UndefinedStepException("the Jacobian delta rule is undefined for " + e.getMessage(),
                    "Set handwritten.delta_rule: shortcut (or dl4j), which forms the delta in closed form");
        }
        if (ui != null) {
            ui.counted(n);
            if (report) {
                int layers = net.numLayers();
                double[][] w = new double[layers][];
                double[][] b = new double[layers][];
                for (int l = 0; l < layers; l++) {
                    w[l] = net.getWeights(l);
                    b[l] = net.getBiases(l);
                }
                ui.report(iteration, r.loss() + r.l2Penalty(), w, b, observed[0], observed[1], observed[2], observed[3]);
            }
        }
        GradientStats stats = recordStats
                ? new GradientStats(r.weightGradNorms(), r.biasGradNorms(), r.updateRatios(), r.outputDeltaNorm()) : null;
        return new StepResult(r.loss(), r.l2Penalty(), stats);
    }

    /**
     * Publishes DL4J UI statistics from the next iteration on: the same kinds and schedule as
     * DL4J's StatsListener, with the equivalent DL4J configuration as the model description.
     */
    @Override
    public void publishStats(StatsTarget target) {
        ui = new UiStatsPublisher(target, Dl4jModelFile.configurationJson(config), net.layerSizes(),
                config.model().dtype().name(), config.training().updater().learningRate());
        ui.start();
    }

    private static double[][] times(double[][] a, double factor) {
        double[][] out = new double[a.length][];
        for (int l = 0; l < a.length; l++) {
            out[l] = new double[a[l].length];
            for (int i = 0; i < out[l].length; i++) out[l][i] = factor * a[l][i];
        }
        return out;
    }

    private static double[] oneHot(int[] labels, int n, int classes) {
        double[] y = new double[n * classes];
        for (int i = 0; i < n; i++) y[i * classes + labels[i]] = 1.0;
        return y;
    }

    @Override
    public Evaluation evaluate(Dataset data) {
        int classes = net.outputSize();
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        Minibatch buf = new Minibatch(EVAL_CHUNK);
        for (int start = 0; start < data.size(); start += EVAL_CHUNK) {
            int n = Math.min(EVAL_CHUNK, data.size() - start);
            buf.fill(data, null, start, n);
            bplab.backprop.BatchEvaluation e = trainer.evaluate(buf.features(), buf.labels(), n);
            lossSum += e.meanLoss() * n;
            for (int i = 0; i < classes; i++) {
                for (int j = 0; j < classes; j++) confusion[i][j] += e.confusion()[i][j];
            }
        }
        return Evaluation.of(lossSum, confusion);
    }

    @Override
    public void save(Path file) throws IOException {
        Dl4jModelFile.write(file, config, net);
    }

    @Override
    public void saveState(Path file) throws IOException {
        EngineStateFile.write(file, trainer);
    }

    @Override
    public void restoreState(Path file) throws IOException {
        EngineStateFile.read(file, trainer);
    }

    @Override
    public String firstNonFiniteParameter() {
        for (int l = 0; l < net.numLayers(); l++) {
            for (double v : net.getWeights(l)) if (!Double.isFinite(v)) return "layer " + l + " weights (" + l + "_W)";
            for (double v : net.getBiases(l)) if (!Double.isFinite(v)) return "layer " + l + " biases (" + l + "_b)";
        }
        return null;
    }

    @Override
    public void close() {
        net.close();
    }
}
