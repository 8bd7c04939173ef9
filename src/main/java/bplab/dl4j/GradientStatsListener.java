package bplab.dl4j;

import bplab.train.GradientStats;
import java.util.IdentityHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Reads one iteration's gradients from DL4J while they are still raw. Every number it reports
 * comes from DL4J's own arrays and functions.
 *
 * <p>Order inside {@code fit}: forward pass, gradient computation
 * ({@link #onGradientCalculation}: the arrays hold the minibatch SUM of per-example
 * gradients, so norms are divided by the batch size), then the updater divides by the batch
 * size and overwrites the same arrays with the update, which {@link #iterationDone} reads for
 * the update:parameter ratio. Only armed iterations are measured; the others cost nothing.
 *
 * <p>Speed: ND4J's norm2 costs about 110 microseconds on the 78,400 first-layer weights here,
 * so the squared norms come from BLAS {@code dot(v, v)} (about 6 us) on views of the flattened
 * gradient, update and parameter buffers, views made once per buffer.
 *
 * <p>The output delta dL/dz^L is the one DL4J backpropagates: the output layer's loss function is
 * observed ({@link DeltaRecordingLoss}) and the gradient its {@code computeGradient} returns is read
 * as it passes; the time that takes is counted with the listener's.
 */
final class GradientStatsListener extends BaseTrainingListener {
    private final int layers;
    private final Map<INDArray, INDArray[]> segmentViews = new IdentityHashMap<>();
    private DeltaRecordingLoss delta;
    private boolean armed;
    private long nanosInside; // time spent in this listener's callbacks, for the benchmark
    private long measured;    // iterations measured
    private int batchSize;
    private double[] gradientSquares;
    private GradientStats result;

    GradientStatsListener(int layers, DeltaRecordingLoss delta) {
        this.layers = layers;
        this.delta = delta;
    }

    /** The output layer's (new) observed loss function, e.g. after a network was restored. */
    void observe(DeltaRecordingLoss delta) {
        this.delta = delta;
    }

    /** Measure the next iteration, on a minibatch of this size. */
    void arm(int batchSize) {
        this.armed = true;
        this.batchSize = batchSize;
        this.result = null;
        delta.arm();
    }

    /** Forgets the timings so far (e.g. those of JIT warm-up). */
    void resetTiming() {
        nanosInside = 0;
        measured = 0;
    }

    /** Mean time spent inside this listener per measured iteration, in microseconds (NaN before any). */
    double microsPerMeasuredIteration() {
        return measured == 0 ? Double.NaN : nanosInside / 1e3 / measured;
    }

    /** The statistics of the last armed iteration (null if none was measured). */
    GradientStats take() {
        GradientStats r = result;
        armed = false;
        result = null;
        return r;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (!armed) return;
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        long t0 = System.nanoTime();
        gradientSquares = segmentSquares(net, net.getFlattenedGradients(), true);
        nanosInside += System.nanoTime() - t0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!armed) return;
        long t0 = System.nanoTime();
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        // the update:parameter ratio needs the weights' segments only
        double[] update = segmentSquares(net, net.getFlattenedGradients(), false);
        double[] params = segmentSquares(net, net.params(), false);
        result = compute(gradientSquares, update, params, batchSize, delta.take());
        armed = false;
        measured++;
        nanosInside += System.nanoTime() - t0 + delta.takeNanos();
    }

    private GradientStats compute(double[] g, double[] u, double[] p, int n, double delta) {
        double[] wNorm = new double[layers];
        double[] bNorm = new double[layers];
        double[] ratio = new double[layers];
        for (int l = 0; l < layers; l++) {
            wNorm[l] = Math.sqrt(g[2 * l]) / n;
            bNorm[l] = Math.sqrt(g[2 * l + 1]) / n;
            double w = Math.sqrt(p[2 * l]);
            ratio[l] = w == 0 ? Double.NaN : Math.sqrt(u[2 * l]) / w;
        }
        return new GradientStats(wNorm, bNorm, ratio, delta);
    }

    /**
     * Squared L2 norm of each parameter's segment (0_W, 0_b, 1_W, ...) of a flattened buffer; the
     * bias segments only when {@code withBiases} (else they are left at 0).
     */
    private double[] segmentSquares(MultiLayerNetwork net, INDArray flat, boolean withBiases) {
        INDArray[] views = segmentViews.get(flat);
        if (views == null) {
            if (segmentViews.size() > 4) segmentViews.clear(); // a restored network brings new buffers
            views = new INDArray[2 * layers];
            Map<String, INDArray> table = net.paramTable();
            long offset = 0;
            for (int p = 0; p < views.length; p++) {
                long length = table.get((p / 2) + (p % 2 == 0 ? "_W" : "_b")).length();
                views[p] = flat.reshape(flat.length()).get(NDArrayIndex.interval(offset, offset + length));
                offset += length;
            }
            if (offset != flat.length()) {
                throw new IllegalStateException("flattened buffer has " + flat.length() + " values, parameters " + offset);
            }
            segmentViews.put(flat, views);
        }
        double[] sq = new double[views.length];
        for (int p = 0; p < views.length; p += withBiases ? 1 : 2) sq[p] = Nd4j.getBlasWrapper().dot(views[p], views[p]);
        return sq;
    }
}
