package backproplab.dl4j;

import backproplab.backprop.DeltaMode;
import backproplab.backprop.OutputPair;
import backproplab.config.OutputConfig;
import backproplab.handwritten.HandwrittenEngine;
import backproplab.train.GradientStats;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads one iteration's gradients from DL4J while they are still raw.
 *
 * <p>Order inside {@code fit}: forward pass ({@link #onForwardPass}), gradient computation
 * ({@link #onGradientCalculation}: the arrays hold the minibatch SUM of per-example
 * gradients, so norms are divided by the batch size), then the updater divides by the batch
 * size and overwrites the same arrays with the update, which {@link #iterationDone} reads for
 * the update:parameter ratio. Only armed iterations are measured; the others cost nothing.
 *
 * <p>Speed: an ND4J reduction costs about 110 microseconds on the 78,400 first-layer weights here
 * (20 for a small array), so one per parameter array and callback would cost 10-20% of a ~3 ms
 * iteration. Instead each callback takes one bulk copy of the buffer it needs (about 10 us; the
 * arrays are overwritten in place right after) and sums the segments in plain Java loops with
 * independent accumulators. (Handing the sums to a worker thread was tried: waking it each
 * iteration cost more than it saved on this 2-vCPU machine.)
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
    private long[] offsets; // start of 0_W, 0_b, 1_W, ... in the flattened buffers, then the end
    private boolean armed;
    private int batchSize;
    private int[] labels;
    private GradientStats result;

    /** One iteration's copies: pre-update output-layer inputs and parameters, gradient, update, parameters. */
    private static final class Scratch {
        Object gradient;
        Object update;
        Object params;
        double[] hidden;
        double[] outW;
        double[] outB;
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
        this.current.hidden = null;
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
        // activations[0] is the input, activations[layers - 1] feeds the output layer (whose own
        // output is not in the list); z^L = h W^L + b^L is formed later from these copies.
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        int l = layers - 1;
        current.hidden = rowMajor(activations.get(l));
        current.outW = rowMajor(net.getParam(l + "_W"));
        current.outB = rowMajor(net.getParam(l + "_b"));
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (!armed) return;
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        current.gradient = copy(net, net.getFlattenedGradients(), current.gradient);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!armed) return;
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        Scratch s = current;
        s.update = copy(net, net.getFlattenedGradients(), s.update);
        s.params = copy(net, net.params(), s.params);
        result = compute(s, batchSize, labels);
        armed = false;
    }

    private GradientStats compute(Scratch s, int n, int[] y) {
        double[] g = segmentSquares(s.gradient);
        double[] u = segmentSquares(s.update);
        double[] p = segmentSquares(s.params);
        double[] wNorm = new double[layers];
        double[] bNorm = new double[layers];
        double[] ratio = new double[layers];
        for (int l = 0; l < layers; l++) {
            wNorm[l] = Math.sqrt(g[2 * l]) / n;
            bNorm[l] = Math.sqrt(g[2 * l + 1]) / n;
            double w = Math.sqrt(p[2 * l]);
            ratio[l] = w == 0 ? Double.NaN : Math.sqrt(u[2 * l]) / w;
        }
        double delta = s.hidden == null ? Double.NaN : meanDeltaNorm(s.hidden, s.outW, s.outB, y, n);
        return new GradientStats(wNorm, bNorm, ratio, delta);
    }

    /** (1/B) sum_i ||dL/dz^L_i||, each delta by the output pair's rule applied to z^L_i. */
    private double meanDeltaNorm(double[] h, double[] w, double[] b, int[] y, int n) {
        int classes = b.length;
        int nIn = w.length / classes;
        double[] z = new double[classes];
        double[] target = new double[classes];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, 0, z, 0, classes);
            for (int k = 0; k < nIn; k++) {
                double hk = h[i * nIn + k];
                if (hk == 0) continue;
                for (int j = 0; j < classes; j++) z[j] += hk * w[k * classes + j];
            }
            Arrays.fill(target, 0);
            target[y[i]] = 1;
            double s = 0;
            for (double d : outputPair.delta(z, target)) s += d * d;
            sum += Math.sqrt(s);
        }
        return sum / n;
    }

    /** An array's values in row-major order, read straight from its buffer where the layout allows. */
    private static double[] rowMajor(INDArray a) {
        int n = (int) a.length();
        boolean contiguous = a.elementWiseStride() == 1;
        boolean rowMajor = a.ordering() == 'c' || a.isVector();
        boolean colMajor = a.ordering() == 'f' && a.rank() == 2;
        DataType type = a.data().dataType();
        if (!contiguous || !(rowMajor || colMajor) || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        }
        double[] raw = new double[n];
        int base = (int) a.offset();
        if (type == DataType.FLOAT) {
            float[] f = new float[n];
            a.data().asNioFloat().get(base, f, 0, n);
            for (int i = 0; i < n; i++) raw[i] = f[i];
        } else {
            a.data().asNioDouble().get(base, raw, 0, n);
        }
        if (rowMajor) return raw;
        // column-major [rows][cols] (how DL4J stores W): element (r, c) at r + c * rows
        int rows = (int) a.size(0);
        int cols = (int) a.size(1);
        double[] out = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[r * cols + c] = raw[r + c * rows];
        }
        return out;
    }

    /**
     * One bulk copy of a flattened buffer (gradient, update or parameters) into {@code into}
     * (reused when it has the right type and size): a float[] for float networks, a double[] for
     * double ones.
     */
    private Object copy(MultiLayerNetwork net, INDArray flat, Object into) {
        if (offsets == null) {
            Map<String, INDArray> table = net.paramTable();
            offsets = new long[2 * layers + 1];
            for (int l = 0; l < layers; l++) {
                offsets[2 * l + 1] = offsets[2 * l] + table.get(l + "_W").length();
                offsets[2 * l + 2] = offsets[2 * l + 1] + table.get(l + "_b").length();
            }
        }
        int n = (int) offsets[offsets.length - 1];
        if (flat.length() != n) {
            throw new IllegalStateException("flattened buffer has " + flat.length() + " values, parameters " + n);
        }
        DataBuffer data = flat.data();
        int base = (int) flat.offset();
        if (data.dataType() == DataType.FLOAT) {
            float[] out = into instanceof float[] f && f.length == n ? f : new float[n];
            data.asNioFloat().get(base, out, 0, n);
            return out;
        }
        double[] out = into instanceof double[] d && d.length == n ? d : new double[n];
        data.asNioDouble().get(base, out, 0, n);
        return out;
    }

    /** Sum of squares of each parameter's segment (0_W, 0_b, 1_W, ...) of a flattened copy. */
    private double[] segmentSquares(Object flat) {
        double[] sq = new double[2 * layers];
        for (int p = 0; p < sq.length; p++) {
            int from = (int) offsets[p];
            int to = (int) offsets[p + 1];
            sq[p] = flat instanceof float[] f ? squares(f, from, to) : squares((double[]) flat, from, to);
        }
        return sq;
    }

    // Eight independent float accumulators keep the adds in flight (one running sum is
    // latency-bound); float is as precise as the float network the values come from.
    private static double squares(float[] b, int from, int to) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            s0 += b[i] * b[i];
            s1 += b[i + 1] * b[i + 1];
            s2 += b[i + 2] * b[i + 2];
            s3 += b[i + 3] * b[i + 3];
            s4 += b[i + 4] * b[i + 4];
            s5 += b[i + 5] * b[i + 5];
            s6 += b[i + 6] * b[i + 6];
            s7 += b[i + 7] * b[i + 7];
        }
        double s = ((double) s0 + s1) + ((double) s2 + s3) + ((double) s4 + s5) + ((double) s6 + s7);
        for (; i < to; i++) s += (double) b[i] * b[i];
        return s;
    }

    // Four independent accumulators, in double for double networks.
    private static double squares(double[] b, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += b[i] * b[i];
            s1 += b[i + 1] * b[i + 1];
            s2 += b[i + 2] * b[i + 2];
            s3 += b[i + 3] * b[i + 3];
        }
        for (; i < to; i++) s0 += b[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }
}
