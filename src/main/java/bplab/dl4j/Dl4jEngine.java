package bplab.dl4j;

import bplab.config.RunConfig;
import bplab.data.DataException;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.train.Evaluation;
import bplab.train.StepResult;
import bplab.train.TrainingEngine;
import bplab.ui.StatsSource;
import bplab.ui.StatsTarget;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.impl.DefaultStatsUpdateConfiguration;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsReport;
import org.deeplearning4j.ui.model.storage.impl.SbeStorageMetaData;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Trains a DL4J {@link MultiLayerNetwork} one minibatch at a time. */
public final class Dl4jEngine implements TrainingEngine, StatsSource {
    private static final int EVAL_CHUNK = 1000;

    private MultiLayerNetwork net;
    private final GradientStatsListener listener;
    private final int[] sizes;
    /** DL4J's own UI listener, when statistics are published ({@link #publishStats}). */
    private StatsListener uiListener;

    public Dl4jEngine(RunConfig config) {
        this(NetworkFactory.build(config), config.model().layerSizes(Dataset.FEATURES, Dataset.CLASSES));
    }

    public Dl4jEngine(MultiLayerNetwork net, int[] sizes) {
        Dl4jRuntime.configure();
        this.net = net;
        this.sizes = sizes.clone();
        this.listener = new GradientStatsListener(net.getnLayers(), DeltaRecordingLoss.install(net));
        net.setListeners(listener);
    }

    /** The model a DL4J run saved (model.zip); a {@link DataException} names the file if it is not one. */
    public static Dl4jEngine restore(Path modelFile) {
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new DataException(modelFile + ": cannot read as a DL4J model (" + e.getMessage() + ")", e);
        }
        return new Dl4jEngine(net, sizesOf(net));
    }

    /** Layer widths read off a network's weight matrices, e.g. [784, 100, 10]. */
    public static int[] sizesOf(MultiLayerNetwork net) {
        int layers = net.getnLayers();
        int[] sizes = new int[layers + 1];
        for (int l = 0; l < layers; l++) {
            long[] shape = net.getParam(l + "_W").shape();
            sizes[l] = (int) shape[0];
            sizes[l + 1] = (int) shape[1];
        }
        return sizes;
    }

    /** Starts the listener's timing afresh (after warm-up). */
    @Override
    public void resetStatsTiming() {
        listener.resetTiming();
    }

    /** Mean time the gradient-statistics listener took per measured iteration (empty before any). */
    @Override
    public java.util.OptionalDouble statsMicrosPerIteration() {
        double us = listener.microsPerMeasuredIteration();
        return Double.isNaN(us) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(us);
    }

    /**
     * Attaches DL4J's {@link StatsListener}, reporting every {@code target.every()} iterations. The
     * listener sends its initialisation report at the first iteration; until then the session is
     * announced by one holding the model description only (the listener's replaces it).
     */
    @Override
    public void publishStats(StatsTarget target) {
        String json = configurationJson();
        long now = System.currentTimeMillis();
        SbeStatsInitializationReport init = new SbeStatsInitializationReport();
        init.reportIDs(target.sessionId(), StatsListener.TYPE_ID, target.workerId(), now);
        init.reportModelInfo(MultiLayerNetwork.class.getName(), json, net.paramTable().keySet().toArray(String[]::new),
                net.getnLayers(), net.numParams());
        target.router().putStorageMetaData(new SbeStorageMetaData(now, target.sessionId(), StatsListener.TYPE_ID,
                target.workerId(), SbeStatsInitializationReport.class, SbeStatsReport.class));
        target.router().putStaticInfo(init);
        uiListener = new StatsListener(new ModelInfoRouter(target.router(), json), null,
                new DefaultStatsUpdateConfiguration.Builder().reportingFrequency(target.every()).build(),
                target.sessionId(), target.workerId());
        net.setListeners(listener, uiListener);
    }

    /** The network's configuration as JSON, with DL4J's own loss function in the output layer. */
    private String configurationJson() {
        DeltaRecordingLoss.uninstall(net);
        try {
            return net.getLayerWiseConfigurations().toJson();
        } finally {
            listener.observe(DeltaRecordingLoss.install(net));
        }
    }

    public MultiLayerNetwork network() {
        return net;
    }

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public int[] layerSizes() {
        return sizes.clone();
    }

    @Override
    public StepResult step(Minibatch batch, boolean recordStats) {
        DataSet ds = toDataSet(batch.features(), batch.labels(), 0, batch.size());
        if (recordStats) listener.arm(batch.size());
        // DL4J's score is the data loss plus the L2 penalty of the parameters before the update
        // (without regularisation, calcRegularizationScore returns 0 without touching the parameters).
        double penalty = net.calcRegularizationScore(true);
        net.fit(ds);
        return new StepResult(net.score() - penalty, penalty, recordStats ? listener.take() : null);
    }

    @Override
    public Evaluation evaluate(Dataset data) {
        int classes = sizes[sizes.length - 1];
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        Minibatch buf = new Minibatch(EVAL_CHUNK);
        for (int start = 0; start < data.size(); start += EVAL_CHUNK) {
            int n = Math.min(EVAL_CHUNK, data.size() - start);
            buf.fill(data, null, start, n);
            DataSet ds = toDataSet(buf.features(), buf.labels(), 0, n);
            INDArray out = net.output(ds.getFeatures(), false);
            // Per-example loss without the L2 term, summed: the same definition for every engine.
            INDArray perExample = net.scoreExamples(ds, false);
            lossSum += perExample.sumNumber().doubleValue();
            INDArray predicted = out.argMax(1);
            for (int i = 0; i < n; i++) confusion[buf.labels()[i]][predicted.getInt(i)]++;
            // free their native memory now rather than whenever the collector finds them
            closeAll(out, perExample, predicted);
        }
        return Evaluation.of(lossSum, confusion);
    }

    @Override
    public void save(Path file) throws IOException {
        write(file);
    }

    @Override
    public void saveState(Path file) throws IOException {
        write(file);
    }

    /** Writes the model with DL4J's own loss function in its configuration, not the observer. */
    private void write(Path file) throws IOException {
        DeltaRecordingLoss.uninstall(net);
        try {
            ModelSerializer.writeModel(net, file.toFile(), true);
        } finally {
            listener.observe(DeltaRecordingLoss.install(net));
        }
    }

    @Override
    public void restoreState(Path file) throws IOException {
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        int[] restoredSizes = sizesOf(restored);
        if (!java.util.Arrays.equals(restoredSizes, sizes)) {
            throw new IOException(file + ": checkpoint has layers " + java.util.Arrays.toString(restoredSizes)
                    + ", expected " + java.util.Arrays.toString(sizes));
        }
        net = restored;
        listener.observe(DeltaRecordingLoss.install(net));
        if (uiListener != null) net.setListeners(listener, uiListener);
        else net.setListeners(listener);
    }

    @Override
    public String firstNonFiniteParameter() {
        for (int l = 0; l < net.getnLayers(); l++) {
            for (String p : new String[] {"W", "b"}) {
                // A sum is non-finite when any element is NaN or infinite.
                if (!Double.isFinite(net.getParam(l + "_" + p).sumNumber().doubleValue())) {
                    return "layer " + l + (p.equals("W") ? " weights" : " biases") + " (" + l + "_" + p + ")";
                }
            }
        }
        return null;
    }

    private static void closeAll(INDArray... arrays) {
        for (INDArray a : arrays) if (a.closeable()) a.close();
    }

    /**
     * A minibatch as a DataSet of two new arrays. Reusing arrays allocated once per batch size (an
     * earlier version) was slower and used more memory under the launcher's -Xmx512m: README, "Speed".
     */
    DataSet toDataSet(float[] features, int[] labels, int from, int n) {
        int inputs = sizes[0];
        int classes = sizes[sizes.length - 1];
        long[] xShape = {n, inputs};
        long[] yShape = {n, classes};
        if (net.getLayerWiseConfigurations().getDataType() == DataType.DOUBLE) {
            double[] x = new double[n * inputs];
            for (int i = 0; i < x.length; i++) x[i] = features[from * inputs + i];
            double[] y = new double[n * classes];
            for (int i = 0; i < n; i++) y[i * classes + labels[from + i]] = 1.0;
            return new DataSet(Nd4j.create(x, xShape, 'c'), Nd4j.create(y, yShape, 'c'));
        }
        float[] x = java.util.Arrays.copyOfRange(features, from * inputs, (from + n) * inputs);
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) y[i * classes + labels[from + i]] = 1f;
        return new DataSet(Nd4j.create(x, xShape, 'c'), Nd4j.create(y, yShape, 'c'));
    }
}
