package bplab.dl4j;

import bplab.backprop.DeltaMode;
import bplab.backprop.OutputPair;
import bplab.config.OutputConfig;
import bplab.handwritten.HandwrittenEngine;
import bplab.train.GradientStats;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Reads one iteration's gradients from DL4J while they are still raw.
 *
 * <p>Order inside {@code fit}: forward pass ({@link #onForwardPass}), gradient computation
 * ({@link #onGradientCalculation}: the arrays hold the minibatch SUM of per-example
 * gradients, so norms are divided by the batch size), then the updater divides by the batch
 * size and overwrites the same arrays with the update, which {@link #iterationDone} reads for
 * the update:parameter ratio. Only armed iterations are measured; the others cost nothing.
 *
 * <p>Speed: ND4J's norm2 costs about 110 microseconds on the 78,400 first-layer weights here,
 * so one per parameter array and callback would cost 10-20% of a ~3 ms iteration. A BLAS dot
 * product of a segment with itself takes about 6 us, so the squared norms come from
 * {@code dot(v, v)} on views of the flattened gradient, update and parameter buffers, views
 * made once per buffer. (Bulk copies summed in Java, and a worker thread, were tried and cost
 * more.)
 *
 * <p>The output delta dL/dz^L is formed from DL4J's last hidden activations, the output
 * layer's pre-update parameters and the targets, with the output pair's delta rule (DL4J's
 * own clipped path for binary cross-entropy); a test checks it against DL4J's
 * {@code ILossFunction.computeGradient} for every output configuration.
 */
final class GradientStatsListener extends BaseTrainingListener {
    private final int layers;
    private final OutputPair outputPair;
    private final Scratch current = new Scratch();
    private final Map<INDArray, INDArray[]> segmentViews = new IdentityHashMap<>();
    private boolean armed;
    private long nanosInside; // time spent in this listener's callbacks, for the benchmark
    private long measured;    // iterations measured
    private float[] floatBuffer;
    private double[] z;
    private double[] zT;
    private double[] hT;
    private double[] target;
    private int batchSize;
    private int[] labels;
    private GradientStats result;

    /** One iteration's measurements: squared segment norms, pre-update output-layer inputs and parameters. */
    private static final class Scratch {
        double[] gradient;
        double[] update;
        double[] params;
        double[] hidden;
        double[] outW;
        double[] outB;
        boolean hasDeltaInputs;
    }

    GradientStatsListener(int layers, OutputConfig output) {
        this.layers = layers;
        this.outputPair = HandwrittenEngine.outputPair(output, DeltaMode.DL4J);
    }

    /** Measure the next iteration, on a minibatch of this size with these class labels. */
    void arm(int batchSize, int[] labels) {
        this.armed = true;
        this.batchSize = batchSize;
        this.labels = labels;
        this.result = null;
        this.current.hasDeltaInputs = false;
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
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (!armed) return;
        long t0 = System.nanoTime();
        // activations[0] is the input, activations[layers - 1] feeds the output layer (whose own
        // output is not in the list); z^L = h W^L + b^L is formed later from these copies.
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        int l = layers - 1;
        current.hidden = read(activations.get(l), 'c', current.hidden);
        current.outW = read(net.getParam(l + "_W"), 'f', current.outW);
        current.outB = read(net.getParam(l + "_b"), 'c', current.outB);
        current.hasDeltaInputs = true;
        nanosInside += System.nanoTime() - t0;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (!armed) return;
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        long t0 = System.nanoTime();
        current.gradient = segmentSquares(net, net.getFlattenedGradients());
        nanosInside += System.nanoTime() - t0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!armed) return;
        long t0 = System.nanoTime();
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        Scratch s = current;
        s.update = segmentSquares(net, net.getFlattenedGradients());
        s.params = segmentSquares(net, net.params());
        result = compute(s, batchSize, labels);
        armed = false;
        measured++;
        nanosInside += System.nanoTime() - t0;
    }

    private GradientStats compute(Scratch s, int n, int[] y) {
        double[] g = s.gradient;
        double[] u = s.update;
        double[] p = s.params;
        double[] wNorm = new double[layers];
        double[] bNorm = new double[layers];
        double[] ratio = new double[layers];
        for (int l = 0; l < layers; l++) {
            wNorm[l] = Math.sqrt(g[2 * l]) / n;
            bNorm[l] = Math.sqrt(g[2 * l + 1]) / n;
            double w = Math.sqrt(p[2 * l]);
            ratio[l] = w == 0 ? Double.NaN : Math.sqrt(u[2 * l]) / w;
        }
        double delta = s.hasDeltaInputs ? meanDeltaNorm(s.hidden, s.outW, s.outB, y, n) : Double.NaN;
        return new GradientStats(wNorm, bNorm, ratio, delta);
    }

    /**
     * (1/B) sum_i ||dL/dz^L_i||, each delta by the output pair's rule applied to
     * z^L_i = h_i W + b, with h row-major [B][nIn] and W column-major [nIn][nOut] (DL4J's layout).
     * z is accumulated column by column, z_:j += W_kj h_:k over a transposed copy of h, so the
     * inner loop is an axpy over the B examples (vectorisable), not a short dot product.
     */
    private double meanDeltaNorm(double[] h, double[] wColMajor, double[] b, int[] y, int n) {
        int classes = b.length;
        int nIn = wColMajor.length / classes;
        if (z == null || z.length != n * classes) {
            z = new double[n * classes];
            zT = new double[n * classes];
            target = new double[n * classes];
        }
        if (hT == null || hT.length != n * nIn) hT = new double[n * nIn];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < nIn; k++) hT[k * n + i] = h[i * nIn + k];
        }
        for (int j = 0; j < classes; j++) java.util.Arrays.fill(zT, j * n, (j + 1) * n, b[j]);
        for (int k = 0; k < nIn; k++) {
            int ho = k * n;
            for (int j = 0; j < classes; j++) {
                double w = wColMajor[j * nIn + k];
                int zo = j * n;
                for (int i = 0; i < n; i++) zT[zo + i] += w * hT[ho + i];
            }
        }
        java.util.Arrays.fill(target, 0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < classes; j++) z[i * classes + j] = zT[j * n + i];
            target[i * classes + y[i]] = 1;
        }
        return outputPair.meanDeltaNorm(z, target, n);
    }

    /**
     * An array's values as doubles, in its own memory order ('c' row-major or 'f' column-major,
     * which must be how it is laid out), into {@code into} when that has the right size.
     */
    private double[] read(INDArray a, char order, double[] into) {
        int n = (int) a.length();
        double[] out = into != null && into.length == n ? into : new double[n];
        DataType type = a.data().dataType();
        boolean direct = a.elementWiseStride() == 1 && (a.isVector() || a.ordering() == order);
        if (direct && type == DataType.FLOAT) {
            if (floatBuffer == null || floatBuffer.length < n) floatBuffer = new float[n];
            a.data().asNioFloat().get((int) a.offset(), floatBuffer, 0, n);
            for (int i = 0; i < n; i++) out[i] = floatBuffer[i];
        } else if (direct && type == DataType.DOUBLE) {
            a.data().asNioDouble().get((int) a.offset(), out, 0, n);
        } else {
            double[] copy = a.dup(order).castTo(DataType.DOUBLE).data().asDouble();
            System.arraycopy(copy, 0, out, 0, n);
        }
        return out;
    }

    /** Squared L2 norm of each parameter's segment (0_W, 0_b, 1_W, ...) of a flattened buffer. */
    private double[] segmentSquares(MultiLayerNetwork net, INDArray flat) {
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
        for (int p = 0; p < views.length; p++) sq[p] = Nd4j.getBlasWrapper().dot(views[p], views[p]);
        return sq;
    }
}
