package bplab.backprop;

import java.util.Arrays;

/**
 * A fully connected network z^l = a^{l-1} W^l + b^l, a^l = f_l(z^l), in row-major batch form:
 * a batch of B inputs is a [B][nIn] row-major array, W^l is [nIn][nOut] row-major (index i*nOut + j,
 * DL4J's logical shape for its "W" parameter), b^l has length nOut. DL4J keeps W as an 'f'-order
 * (column-major) view into its flat parameter vector, so copy by element (i, j), e.g. from
 * {@code W.dup('c')}, never from the raw flat parameter buffer.
 *
 * <p>All arithmetic is in double. Work on a batch is split across {@link #threads()} threads: the
 * forward pass and the deltas by example rows, dW by rows of dW (input units), each dW row being
 * summed over examples in the same order whatever the thread count, so results are bit-identical for
 * 1 or 2 threads. Each layer's input is first gathered column by column ({@link Columns}); with sparse
 * input on, zero inputs are left out, which is bit-identical to the dense products (adding 0 * w
 * changes no finite sum). MNIST pixels are about 81% zeros.
 *
 * <p>Not thread-safe: one caller at a time. Close it to stop its worker threads (they are daemons).
 */
public final class Network implements AutoCloseable {
    /** Rows of dW handed out together, so two threads never share a cache line of dW. */
    private static final int DW_BLOCK_ROWS = 8;
    /**
     * A batch is split over the threads only when each gets at least this many examples: below that,
     * handing work to another thread costs more than it saves (batch 10 trains faster on one thread).
     */
    private static final int MIN_ROWS_PER_PART = 16;

    private final int[] sizes;
    private final Activation[] activations;
    private final OutputPair output;
    private final Precision precision;
    private final boolean sparseInput;
    private final WorkerPool pool;
    private final double[][] weights;
    private final double[][] biases;

    private Workspace ws;

    private Network(Builder b) {
        this.sizes = b.sizes.clone();
        int layers = sizes.length - 1;
        this.activations = new Activation[layers];
        for (int l = 0; l < layers - 1; l++) {
            activations[l] = b.hidden.length == 1 ? b.hidden[0] : b.hidden[l];
        }
        this.output = b.output;
        activations[layers - 1] = output.activation();
        this.precision = b.precision;
        this.sparseInput = b.sparseInput;
        this.weights = new double[layers][];
        this.biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new double[sizes[l] * sizes[l + 1]];
            biases[l] = new double[sizes[l + 1]];
        }
        this.pool = new WorkerPool(b.threads);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- shape and configuration ----

    /** Number of weight layers (2 for 784-100-10). */
    public int numLayers() {
        return weights.length;
    }

    /** Units per layer, input first: e.g. {784, 100, 10}. */
    public int[] layerSizes() {
        return sizes.clone();
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Activation of weight layer l (the last one is the output activation). */
    public Activation activation(int layer) {
        checkLayer(layer);
        return activations[layer];
    }

    public Precision precision() {
        return precision;
    }

    public int threads() {
        return pool.threads();
    }

    // ---- parameters ----

    /** A copy of W^l, row-major [nIn][nOut]. */
    public double[] getWeights(int layer) {
        checkLayer(layer);
        return weights[layer].clone();
    }

    /** A copy of b^l. */
    public double[] getBiases(int layer) {
        checkLayer(layer);
        return biases[layer].clone();
    }

    /** Copies w (row-major [nIn][nOut]) into W^l, rounded to the storage precision. */
    public void setWeights(int layer, double[] w) {
        checkLayer(layer);
        requireLength(w, weights[layer].length, "W of layer " + layer + " ([" + sizes[layer] + "][" + sizes[layer + 1] + "])");
        System.arraycopy(w, 0, weights[layer], 0, w.length);
        precision.round(weights[layer]);
    }

    /** Copies b into b^l, rounded to the storage precision. */
    public void setBiases(int layer, double[] b) {
        checkLayer(layer);
        requireLength(b, biases[layer].length, "b of layer " + layer);
        System.arraycopy(b, 0, biases[layer], 0, b.length);
        precision.round(biases[layer]);
    }

    public void setParameters(int layer, double[] w, double[] b) {
        setWeights(layer, w);
        setBiases(layer, b);
    }

    /** Live parameter arrays for the trainer. */
    double[] weightsRef(int layer) {
        return weights[layer];
    }

    double[] biasesRef(int layer) {
        return biases[layer];
    }

    WorkerPool pool() {
        return pool;
    }

    // ---- forward ----

    /** a^L for a batch: row-major [batch][nOut]. */
    public double[] output(double[] x, int batch) {
        return outputOf(stage(x, batch), batch);
    }

    public double[] output(float[] x, int batch) {
        return outputOf(stage(x, 0, batch, true), batch);
    }

    /** Every layer's activations a^1 .. a^L for a batch (copies), each row-major [batch][n_l]. */
    public double[][] forward(double[] x, int batch) {
        return activationsOf(stage(x, batch), batch);
    }

    public double[][] forward(float[] x, int batch) {
        return activationsOf(stage(x, 0, batch, true), batch);
    }

    /** argmax_j a^L_j per example. */
    public int[] predict(double[] x, int batch) {
        return argmax(output(x, batch), batch, outputSize());
    }

    public int[] predict(float[] x, int batch) {
        return argmax(output(x, batch), batch, outputSize());
    }

    /** Minibatch mean loss (1/B) sum L(a^L, y), y row-major [batch][nOut]; no regularisation term. */
    public double loss(double[] x, double[] y, int batch) {
        return lossOf(stage(x, batch), y, batch);
    }

    public double loss(float[] x, double[] y, int batch) {
        return lossOf(stage(x, 0, batch, true), y, batch);
    }

    // ---- backward ----

    /** Forward and backward pass: mean gradients, mean loss and mean ||delta^L||. */
    public Gradients backprop(double[] x, double[] y, int batch) {
        return backpropOf(stage(x, batch), y, batch, false);
    }

    public Gradients backprop(float[] x, double[] y, int batch) {
        return backpropOf(stage(x, 0, batch, true), y, batch, false);
    }

    /**
     * As {@link #backprop(float[], double[], int)}, but the gradient arrays are this network's own
     * buffers, overwritten by the next call: for a trainer that consumes them at once.
     */
    Gradients backpropShared(float[] x, double[] y, int batch) {
        return backpropOf(stage(x, 0, batch, true), y, batch, true);
    }

    Gradients backpropShared(double[] x, double[] y, int batch) {
        return backpropOf(stage(x, batch), y, batch, true);
    }

    /**
     * Rows [fromRow, fromRow + rows) of x: a^L (row-major) written into out, per-example loss into
     * lossOut when y is non-null (y row-major over the same rows, starting at row 0). Used by evaluation.
     */
    void outputRows(float[] x, int fromRow, int rows, double[] y, double[] out, double[] lossOut) {
        double[] in = stage(x, fromRow, rows, false);
        pool.run((part, parts) -> {
            int r0 = WorkerPool.start(rows, part, parts);
            int r1 = WorkerPool.start(rows, part + 1, parts);
            forwardRows(in, r0, r1, part);
            if (y != null) {
                lossRows(y, r0, r1, lossOut);
            }
        }, partsFor(rows));
        int nOut = outputSize();
        System.arraycopy(ws.a[numLayers() - 1], 0, out, 0, rows * nOut);
    }

    private double[] outputOf(double[] in, int batch) {
        pool.run((part, parts) -> forwardRows(in, WorkerPool.start(batch, part, parts),
                WorkerPool.start(batch, part + 1, parts), part), partsFor(batch));
        return Arrays.copyOf(ws.a[numLayers() - 1], batch * outputSize());
    }

    private double[][] activationsOf(double[] in, int batch) {
        pool.run((part, parts) -> forwardRows(in, WorkerPool.start(batch, part, parts),
                WorkerPool.start(batch, part + 1, parts), part), partsFor(batch));
        double[][] a = new double[numLayers()][];
        for (int l = 0; l < numLayers(); l++) {
            a[l] = Arrays.copyOf(ws.a[l], batch * sizes[l + 1]);
        }
        return a;
    }

    private double lossOf(double[] in, double[] y, int batch) {
        requireLength(y, batch * outputSize(), "y ([" + batch + "][" + outputSize() + "])");
        double[] lossRow = ws.lossRow;
        pool.run((part, parts) -> {
            int r0 = WorkerPool.start(batch, part, parts);
            int r1 = WorkerPool.start(batch, part + 1, parts);
            forwardRows(in, r0, r1, part);
            lossRows(y, r0, r1, lossRow);
        }, partsFor(batch));
        return meanOf(lossRow, batch);
    }

    private Gradients backpropOf(double[] in, double[] y, int batch, boolean shared) {
        requireLength(y, batch * outputSize(), "y ([" + batch + "][" + outputSize() + "])");
        Workspace w = ws;
        int layers = numLayers();
        int split = partsFor(batch);
        double[][] dW = shared ? w.dW : new double[layers][];
        double[][] db = shared ? w.db : new double[layers][];
        for (int l = 0; l < layers; l++) {
            if (shared) {
                Arrays.fill(db[l], 0.0); // dW rows are overwritten whole
            } else {
                dW[l] = new double[weights[l].length];
                db[l] = new double[biases[l].length];
            }
        }
        pool.run((part, parts) -> {
            int r0 = WorkerPool.start(batch, part, parts);
            int r1 = WorkerPool.start(batch, part + 1, parts);
            forwardRows(in, r0, r1, part);
            lossRows(y, r0, r1, w.lossRow);
            deltaRows(y, r0, r1);
        }, split);
        if (output.mode() == DeltaMode.JACOBIAN) {
            requireDefinedDeltas(y, batch);
        }
        pool.run((part, parts) -> weightGradients(batch, dW, part, parts), split);
        for (int l = 0; l < layers; l++) {
            biasGradient(w.delta[l], batch, sizes[l + 1], db[l]);
        }
        return new Gradients(dW, db, meanOf(w.lossRow, batch), meanOf(w.deltaNorm, batch));
    }

    /**
     * z^l = a^{l-1} W^l + b^l, a^l = f_l(z^l) for rows [r0, r1), every layer; a^l overwrites z^l.
     * The rows' inputs are gathered by column first (this part's {@link Columns}), then each row k of
     * W is added, scaled, into every z row whose input k is non-zero, while it sits in L1 cache. Each
     * z_{r,j} still sums b_j, then k = 0, 1, ... in order.
     */
    private void forwardRows(double[] x, int r0, int r1, int part) {
        for (int l = 0; l < numLayers(); l++) {
            double[] in = l == 0 ? x : ws.a[l - 1];
            double[] z = ws.a[l];
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            double[] w = weights[l];
            double[] b = biases[l];
            Columns cols = ws.columns[l][part];
            cols.gather(in, nIn, r0, r1, sparseInput);
            for (int r = r0; r < r1; r++) {
                System.arraycopy(b, 0, z, r * nOut, nOut);
            }
            int[] start = cols.start;
            int[] rows = cols.row;
            double[] vals = cols.value;
            for (int k = 0; k < nIn; k++) {
                int wo = k * nOut;
                for (int e = start[k], end = start[k + 1]; e < end; e++) {
                    double v = vals[e];
                    int zo = rows[e] * nOut;
                    for (int j = 0; j < nOut; j++) {
                        z[zo + j] += v * w[wo + j];
                    }
                }
            }
            for (int r = r0; r < r1; r++) {
                activations[l].applyInPlace(z, r * nOut, nOut);
            }
        }
    }

    /**
     * Under the general rule, a finite output row can still give a non-finite delta^L: dL/da is
     * infinite where a softmax probability underflowed to 0 (MCXENT: -y/p) or a sigmoid output
     * rounded to 0 or 1 (XENT), and J^T g then multiplies infinity by 0. Stops with the example and
     * output named instead of letting NaN spread. A non-finite output row is left alone: that is
     * divergence, which the caller reports as such.
     */
    private void requireDefinedDeltas(double[] y, int batch) {
        int nOut = outputSize();
        double[] aL = ws.a[numLayers() - 1];
        for (int r = 0; r < batch; r++) {
            if (Double.isFinite(ws.deltaNorm[r])) {
                continue;
            }
            int o = r * nOut;
            for (int j = 0; j < nOut; j++) {
                if (!Double.isFinite(aL[o + j])) {
                    return;
                }
            }
            double[] g = new double[nOut];
            output.loss().gradient(aL, o, y, o, g, 0, nOut, false);
            for (int j = 0; j < nOut; j++) {
                if (!Double.isFinite(g[j])) {
                    boolean softmax = output.activation() == Activation.SOFTMAX;
                    throw new UndefinedDeltaException(r, "example " + r + " of the minibatch: output " + j + " is "
                            + (softmax ? "p" : "a") + " = " + aL[o + j] + " with target " + y[o + j] + ", so dL/da = "
                            + g[j] + " and J^T dL/da multiplies it by " + (softmax ? "p = 0" : "a (1 - a) = 0")
                            + ", which is undefined; the closed form " + (softmax ? "p - y" : "a - y")
                            + " is its exact limit (" + (aL[o + j] - y[o + j]) + " here)");
                }
            }
        }
    }

    private void lossRows(double[] y, int r0, int r1, double[] lossOut) {
        int nOut = outputSize();
        double[] aL = ws.a[numLayers() - 1];
        for (int r = r0; r < r1; r++) {
            lossOut[r] = output.loss().value(aL, r * nOut, y, r * nOut, nOut);
        }
    }

    /**
     * delta^L = J_f(z^L)^T dL/da^L (or its shortcut) and, going down,
     * delta^l = (delta^{l+1} (W^{l+1})^T) .* f_l'(z^l), for rows [r0, r1).
     */
    private void deltaRows(double[] y, int r0, int r1) {
        int layers = numLayers();
        int nOut = outputSize();
        double[] aL = ws.a[layers - 1];
        double[] deltaL = ws.delta[layers - 1];
        for (int r = r0; r < r1; r++) {
            int o = r * nOut;
            output.delta(aL, o, y, o, deltaL, o, nOut);
            double sq = 0.0;
            for (int j = 0; j < nOut; j++) {
                sq += deltaL[o + j] * deltaL[o + j];
            }
            ws.deltaNorm[r] = Math.sqrt(sq);
        }
        for (int l = layers - 1; l >= 1; l--) {
            int nHid = sizes[l];
            int nNext = sizes[l + 1];
            double[] w = weights[l];
            double[] deltaNext = ws.delta[l];
            double[] delta = ws.delta[l - 1];
            double[] a = ws.a[l - 1];
            Activation f = activations[l - 1];
            for (int r = r0; r < r1; r++) {
                int dno = r * nNext;
                int dho = r * nHid;
                for (int i = 0; i < nHid; i++) {
                    // (delta^{l+1} W^T)_i = sum_j delta_j W_{i,j}: row i of W is contiguous
                    int wo = i * nNext;
                    double s = 0.0;
                    for (int j = 0; j < nNext; j++) {
                        s += deltaNext[dno + j] * w[wo + j];
                    }
                    delta[dho + i] = s * f.derivativeFromOutput(a[dho + i]);
                }
            }
        }
    }

    /**
     * dW^l = (1/B) (a^{l-1})^T delta^l. Rows k of dW^l are dealt out in blocks, round-robin over the
     * parts. Row k is overwritten with the sum over the examples whose input k is non-zero (from the
     * columns the forward pass gathered, parts in order, so examples in order whatever the split) of
     * a_{r,k} delta_r, then divided by B.
     */
    private void weightGradients(int batch, double[][] dW, int part, int parts) {
        int gathered = ws.gatheredParts;
        int firstBlock = 0;
        for (int l = 0; l < numLayers(); l++) {
            double[] delta = ws.delta[l];
            double[] g = dW[l];
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            Columns[] cols = ws.columns[l];
            int kBlocks = (nIn + DW_BLOCK_ROWS - 1) / DW_BLOCK_ROWS;
            for (int kb = 0; kb < kBlocks; kb++) {
                if ((firstBlock + kb) % parts != part) {
                    continue;
                }
                int k1 = Math.min(nIn, (kb + 1) * DW_BLOCK_ROWS);
                for (int k = kb * DW_BLOCK_ROWS; k < k1; k++) {
                    int go = k * nOut;
                    Arrays.fill(g, go, go + nOut, 0.0);
                    for (int q = 0; q < gathered; q++) {
                        Columns c = cols[q];
                        int[] rows = c.row;
                        double[] vals = c.value;
                        for (int e = c.start[k], end = c.start[k + 1]; e < end; e++) {
                            double v = vals[e];
                            int dOff = rows[e] * nOut;
                            for (int j = 0; j < nOut; j++) {
                                g[go + j] += v * delta[dOff + j];
                            }
                        }
                    }
                    for (int j = go; j < go + nOut; j++) {
                        g[j] /= batch;
                    }
                }
            }
            firstBlock += kBlocks;
        }
    }

    /** db = (1/B) sum_r delta_r. */
    private static void biasGradient(double[] delta, int batch, int nOut, double[] db) {
        for (int r = 0; r < batch; r++) {
            int o = r * nOut;
            for (int j = 0; j < nOut; j++) {
                db[j] += delta[o + j];
            }
        }
        for (int j = 0; j < nOut; j++) {
            db[j] /= batch;
        }
    }

    // ---- input staging and workspace ----

    private double[] stage(double[] x, int batch) {
        requireBatch(batch);
        requireLength(x, batch * inputSize(), "x ([" + batch + "][" + inputSize() + "])");
        ensureWorkspace(batch);
        return x;
    }

    /** Copies rows [fromRow, fromRow + rows) into the workspace; exact: x must hold exactly those rows. */
    private double[] stage(float[] x, int fromRow, int rows, boolean exact) {
        requireBatch(rows);
        int nIn = inputSize();
        if (exact) {
            if (x == null || x.length != rows * nIn) {
                throw new IllegalArgumentException("x ([" + rows + "][" + nIn + "]) must have length "
                        + (long) rows * nIn + ", found " + (x == null ? "null" : "length " + x.length));
            }
        } else if (x == null || x.length < (long) (fromRow + rows) * nIn) {
            throw new IllegalArgumentException("x must hold rows [" + fromRow + ", " + (fromRow + rows)
                    + ") of " + nIn + " inputs, i.e. length >= " + (long) (fromRow + rows) * nIn + ", found "
                    + (x == null ? "null" : "length " + x.length));
        }
        ensureWorkspace(rows);
        double[] in = ws.x;
        int base = fromRow * nIn;
        for (int i = 0; i < rows * nIn; i++) {
            in[i] = x[base + i];
        }
        return in;
    }

    /** How many parts a batch of this many rows is split into (and records it for dW). */
    private int partsFor(int rows) {
        int parts = rows >= MIN_ROWS_PER_PART * pool.threads() ? pool.threads() : 1;
        ws.gatheredParts = parts;
        return parts;
    }

    /** Parts the last batch was split into. */
    int partsOfLastBatch() {
        return ws == null ? 1 : ws.gatheredParts;
    }

    private void ensureWorkspace(int batch) {
        if (ws == null || ws.capacity < batch) {
            ws = new Workspace(batch, sizes, pool.threads());
        }
    }

    /**
     * One part's rows of a layer input, by column (compressed sparse column form): for input unit k,
     * entries start[k] .. start[k+1]-1 hold the rows r (increasing) and values a_{r,k}; zeros are left
     * out when sparse. Arrays grow as needed and are reused.
     */
    static final class Columns {
        final int[] start;
        private final int[] fill;
        int[] row = new int[0];
        double[] value = new double[0];

        Columns(int nIn) {
            this.start = new int[nIn + 1];
            this.fill = new int[nIn];
        }

        void gather(double[] in, int nIn, int r0, int r1, boolean sparse) {
            Arrays.fill(start, 0);
            for (int r = r0; r < r1; r++) {
                int o = r * nIn;
                for (int k = 0; k < nIn; k++) {
                    if (!sparse || in[o + k] != 0.0) {
                        start[k + 1]++;
                    }
                }
            }
            for (int k = 0; k < nIn; k++) {
                start[k + 1] += start[k];
                fill[k] = start[k];
            }
            int n = start[nIn];
            if (row.length < n) {
                row = new int[n];
                value = new double[n];
            }
            for (int r = r0; r < r1; r++) {
                int o = r * nIn;
                for (int k = 0; k < nIn; k++) {
                    double v = in[o + k];
                    if (!sparse || v != 0.0) {
                        int e = fill[k]++;
                        row[e] = r;
                        value[e] = v;
                    }
                }
            }
        }
    }

    private static final class Workspace {
        final int capacity;
        final double[] x;
        /** a[l] holds z^l during the product, then a^l = f(z^l). */
        final double[][] a;
        final double[][] delta;
        final double[] lossRow;
        final double[] deltaNorm;
        /** columns[l][part]: the part's rows of layer l's input, by column. */
        final Columns[][] columns;
        /** Parts the last forward pass was split into: columns[l][0 .. gatheredParts-1] are current. */
        int gatheredParts = 1;
        /** Gradient buffers for {@link #backpropShared}. */
        final double[][] dW;
        final double[][] db;

        Workspace(int capacity, int[] sizes, int parts) {
            this.capacity = capacity;
            int layers = sizes.length - 1;
            this.x = new double[capacity * sizes[0]];
            this.a = new double[layers][];
            this.delta = new double[layers][];
            for (int l = 0; l < layers; l++) {
                a[l] = new double[capacity * sizes[l + 1]];
                delta[l] = new double[capacity * sizes[l + 1]];
            }
            this.lossRow = new double[capacity];
            this.deltaNorm = new double[capacity];
            this.columns = new Columns[layers][parts];
            this.dW = new double[layers][];
            this.db = new double[layers][];
            for (int l = 0; l < layers; l++) {
                for (int p = 0; p < parts; p++) {
                    columns[l][p] = new Columns(sizes[l]);
                }
                dW[l] = new double[sizes[l] * sizes[l + 1]];
                db[l] = new double[sizes[l + 1]];
            }
        }
    }

    // ---- helpers ----

    static int[] argmax(double[] out, int batch, int nOut) {
        int[] pred = new int[batch];
        for (int r = 0; r < batch; r++) {
            int best = 0;
            for (int j = 1; j < nOut; j++) {
                if (out[r * nOut + j] > out[r * nOut + best]) {
                    best = j;
                }
            }
            pred[r] = best;
        }
        return pred;
    }

    private static double meanOf(double[] v, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s / n;
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= numLayers()) {
            throw new IllegalArgumentException("layer must be in [0, " + numLayers() + "), found " + layer);
        }
    }

    private static void requireBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, found " + batch);
        }
    }

    static void requireLength(double[] v, int expected, String what) {
        if (v == null || v.length != expected) {
            throw new IllegalArgumentException(what + " must have length " + expected + ", found "
                    + (v == null ? "null" : "length " + v.length));
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Configures a {@link Network}; every setting has a default except the layer sizes. */
    public static final class Builder {
        private int[] sizes;
        private Activation[] hidden = {Activation.SIGMOID};
        private OutputPair output = OutputPair.of(Activation.SOFTMAX, Loss.MCXENT);
        private Precision precision = Precision.DOUBLE;
        private boolean sparseInput = true;
        private int threads = 1;

        private Builder() {
        }

        /** Units per layer, input first, at least 2 entries, each &gt;= 1: e.g. layers(784, 100, 10). */
        public Builder layers(int... sizes) {
            if (sizes == null || sizes.length < 2) {
                throw new IllegalArgumentException("need at least 2 layer sizes (input and output), found "
                        + (sizes == null ? "null" : sizes.length));
            }
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] < 1) {
                    throw new IllegalArgumentException("layer size " + i + " must be >= 1, found " + sizes[i]);
                }
            }
            this.sizes = sizes.clone();
            return this;
        }

        /** One activation for every hidden layer, or one per hidden layer. */
        public Builder hidden(Activation... activations) {
            if (activations == null || activations.length == 0) {
                throw new IllegalArgumentException("need at least 1 hidden activation, found none");
            }
            for (Activation f : activations) {
                if (f == null || f == Activation.SOFTMAX) {
                    throw new IllegalArgumentException("hidden activations must be SIGMOID, TANH, RELU or IDENTITY, found " + f);
                }
            }
            this.hidden = activations.clone();
            return this;
        }

        public Builder output(Activation activation, Loss loss) {
            this.output = OutputPair.of(activation, loss);
            return this;
        }

        public Builder output(OutputPair pair) {
            if (pair == null) {
                throw new IllegalArgumentException("output pair must be non-null");
            }
            this.output = pair;
            return this;
        }

        public Builder precision(Precision precision) {
            if (precision == null) {
                throw new IllegalArgumentException("precision must be non-null");
            }
            this.precision = precision;
            return this;
        }

        /** Skip zero inputs in the products (default true; results are identical either way). */
        public Builder sparseInput(boolean sparseInput) {
            this.sparseInput = sparseInput;
            return this;
        }

        /** Threads used per batch (1 = the caller only, no pool). */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be in [1, 64], found " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Network build() {
            if (sizes == null) {
                throw new IllegalArgumentException("layer sizes not set; call layers(nIn, ..., nOut)");
            }
            int hiddenLayers = sizes.length - 2;
            if (hidden.length != 1 && hidden.length != hiddenLayers) {
                throw new IllegalArgumentException("got " + hidden.length + " hidden activations for "
                        + hiddenLayers + " hidden layers; expected 1 (shared) or " + hiddenLayers);
            }
            return new Network(this);
        }
    }
}
