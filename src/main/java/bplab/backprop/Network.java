package bplab.backprop;

import java.util.Arrays;

/**
 * A fully connected network with weight layers l = 0 .. L-1 (0-based, as the arrays are indexed):
 * layer l maps its input a_{l-1} (a_{-1} = x, the network input) to
 * <pre>
 *   z_l = a_{l-1} W_l + b_l,   a_l = f_l(z_l)
 * </pre>
 * and the output is a_{L-1}. Backward, with delta_l = dL/dz_l:
 * <pre>
 *   delta_{L-1} = J_f(z_{L-1})^T dL/da_{L-1}     (or its closed form; see {@link OutputPair})
 *   delta_l     = (delta_{l+1} W_{l+1}^T) .* f_l'(z_l)          for l = L-2 .. 0
 *   dL/dW_l     = (1/B) a_{l-1}^T delta_l,   dL/db_l = (1/B) sum over the batch of delta_l
 * </pre>
 * Batches are row-major: B inputs are a [B][nIn] array. W_l is [nIn][nOut] row-major (index
 * i*nOut + j, DL4J's logical shape for its "W" parameter), b_l has length nOut. DL4J keeps W as an
 * 'f'-order (column-major) view into its flat parameter vector, so copy by element (i, j), e.g. from
 * {@code W.dup('c')}, never from the raw flat parameter buffer.
 *
 * <p>This class states the equations; the loops are in {@link Kernels}, the buffers in a
 * {@link Workspace}. {@link Precision#DOUBLE} computes in double. {@link Precision#FLOAT} stores
 * parameters and activations as float and computes the products in float, as DL4J does in float; the
 * output layer's activation, loss and delta are evaluated in double from float values and rounded.
 *
 * <p>Work on a batch is split across {@link #threads()} threads: the forward pass and the deltas by
 * example rows, dW by rows of dW (input units), each dW row being summed over examples in the same
 * order whatever the thread count, so results are bit-identical for 1 or 2 threads. With sparse input
 * on, zero inputs are left out of the products, which is bit-identical to the dense products.
 * MNIST pixels are about 81% zeros.
 *
 * <p>In float, a first layer that is hidden and wide (at least {@link Kernels#NARROW} units; 784-100
 * on MNIST, nearly all the work) is split by its output units instead: its W is stored in column
 * blocks, one per thread ({@link ParameterArray#blocked}), and each thread computes z, dW and the
 * update for its own block only, for every example of the batch. Split by examples, each core would
 * read all of W every step, half of it just written by the other core's update: measured here, two
 * threads then trained no faster than one. Every value is still one sum in the same order as on one
 * thread, so results stay bit-identical.
 *
 * <p>Not thread-safe: one caller at a time. Close it to stop its worker threads (they are daemons).
 */
public final class Network implements AutoCloseable {
    /** Rows of dW handed out together, so two threads never share a cache line of dW. */
    private static final int DW_BLOCK_ROWS = 8;
    /** The same for layers whose dW is accumulated by row, where a block is the length of the inner loop. */
    private static final int DW_BLOCK_ROWS_BY_ROW = 128;
    /**
     * A batch is split over the threads only when each gets at least this many examples: below that,
     * handing work to another thread costs more than it saves (batch 10 trains faster on one thread).
     */
    private static final int MIN_ROWS_PER_PART = 16;
    /**
     * The first layer's column blocks start at multiples of this many units, so the update can sum its
     * norms per chunk of units in an order that does not depend on the blocks ({@link Trainer}).
     */
    static final int UNIT_CHUNK = 16;

    private final int[] sizes;
    private final Activation[] activations;
    private final OutputPair output;
    private final Precision precision;
    private final boolean sparseInput;
    private final WorkerPool pool;
    private final ParameterArray[] weights;
    private final ParameterArray[] biases;
    /** Column blocks [unitStart[b], unitStart[b + 1]) of the first layer when it is split by units, else null. */
    private final int[] unitStart;
    /** dW of the first layer by column block, unitGrad[b][k * width_b + (j - unitStart[b])], when split by units. */
    private final double[][] unitGrad;

    /** Reused buffers; nothing in it carries from one call to the next. */
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
        this.weights = new ParameterArray[layers];
        this.biases = new ParameterArray[layers];
        this.unitStart = precision == Precision.FLOAT && layers >= 2 && sizes[1] >= Kernels.NARROW
                ? unitBlocks(sizes[1], b.threads) : null;
        for (int l = 0; l < layers; l++) {
            weights[l] = l == 0 && unitStart != null ? ParameterArray.blocked(sizes[0], sizes[1], unitStart)
                    : new ParameterArray(precision, sizes[l], sizes[l + 1]);
            biases[l] = new ParameterArray(precision, 1, sizes[l + 1]);
        }
        if (unitStart != null) {
            unitGrad = new double[unitStart.length - 1][];
            for (int u = 0; u < unitGrad.length; u++) {
                unitGrad[u] = new double[sizes[0] * (unitStart[u + 1] - unitStart[u])];
            }
        } else {
            unitGrad = null;
        }
        this.pool = new WorkerPool(b.threads);
    }

    /** n units cut into at most {@code threads} blocks of whole {@link #UNIT_CHUNK}s (the last chunk may be short). */
    static int[] unitBlocks(int n, int threads) {
        int chunks = (n + UNIT_CHUNK - 1) / UNIT_CHUNK;
        int blocks = Math.min(threads, chunks);
        int[] start = new int[blocks + 1];
        for (int u = 0; u <= blocks; u++) {
            start[u] = Math.min(n, UNIT_CHUNK * WorkerPool.start(chunks, u, blocks));
        }
        return start;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- shape and configuration ----

    /** Number of weight layers L (2 for 784-100-10: layer 0 is 784-100, layer 1 is 100-10). */
    public int numLayers() {
        return weights.length;
    }

    /** Units per layer, input first: e.g. {784, 100, 10}; weight layer l maps sizes[l] to sizes[l + 1]. */
    public int[] layerSizes() {
        return sizes.clone();
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Activation f_l of weight layer l (the last one is the output activation). */
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

    /** A copy of W_l, row-major [nIn][nOut]. */
    public double[] getWeights(int layer) {
        checkLayer(layer);
        return weights[layer].copy();
    }

    /** A copy of b_l. */
    public double[] getBiases(int layer) {
        checkLayer(layer);
        return biases[layer].copy();
    }

    /** Copies w (row-major [nIn][nOut]) into W_l, rounded to the storage precision. */
    public void setWeights(int layer, double[] w) {
        checkLayer(layer);
        requireLength(w, weights[layer].length(), "W of layer " + layer + " ([" + sizes[layer] + "][" + sizes[layer + 1] + "])");
        weights[layer].set(w);
    }

    /** Copies b into b_l, rounded to the storage precision. */
    public void setBiases(int layer, double[] b) {
        checkLayer(layer);
        requireLength(b, biases[layer].length(), "b of layer " + layer);
        biases[layer].set(b);
    }

    public void setParameters(int layer, double[] w, double[] b) {
        setWeights(layer, w);
        setBiases(layer, b);
    }

    /** Live parameter arrays for the trainer. */
    ParameterArray weightsRef(int layer) {
        return weights[layer];
    }

    ParameterArray biasesRef(int layer) {
        return biases[layer];
    }

    WorkerPool pool() {
        return pool;
    }

    /** The first layer's column blocks when it is split by units, else null (shared; do not modify). */
    int[] unitStart() {
        return unitStart;
    }

    /** The first layer's dW by column block, as the last {@link #backpropShared} left it (shared). */
    double[][] unitGradients() {
        return unitGrad;
    }

    /** Which blocks piece {@code part} of {@code parts} owns: [unitPieceStart(part), unitPieceStart(part + 1)). */
    int unitPieceStart(int part, int parts) {
        return WorkerPool.start(unitStart.length - 1, part, parts);
    }

    /**
     * How many parts a batch of this many rows is split into: the pool's threads when each gets at
     * least {@link #MIN_ROWS_PER_PART} rows, else 1. A function of rows and threads only.
     */
    int partsFor(int rows) {
        return rows >= MIN_ROWS_PER_PART * pool.threads() ? pool.threads() : 1;
    }

    // ---- forward ----

    /** a_{L-1} for a batch: row-major [batch][nOut]. */
    public double[] output(double[] x, int batch) {
        Workspace w = forwardBatch(stage(x, batch), batch);
        return Arrays.copyOf(w.out, batch * outputSize());
    }

    public double[] output(float[] x, int batch) {
        Workspace w = forwardBatch(stage(x, 0, batch, true), batch);
        return Arrays.copyOf(w.out, batch * outputSize());
    }

    /** Every layer's activations a_0 .. a_{L-1} for a batch (copies), each row-major [batch][sizes[l + 1]]. */
    public double[][] forward(double[] x, int batch) {
        return activationsOf(forwardBatch(stage(x, batch), batch), batch);
    }

    public double[][] forward(float[] x, int batch) {
        return activationsOf(forwardBatch(stage(x, 0, batch, true), batch), batch);
    }

    /** argmax_j a_{L-1, j} per example. */
    public int[] predict(double[] x, int batch) {
        return argmax(output(x, batch), batch, outputSize());
    }

    public int[] predict(float[] x, int batch) {
        return argmax(output(x, batch), batch, outputSize());
    }

    /** Minibatch mean loss (1/B) sum L(a_{L-1}, y), y row-major [batch][nOut]; no regularisation term. */
    public double loss(double[] x, double[] y, int batch) {
        return lossOf(stage(x, batch), y, batch);
    }

    public double loss(float[] x, double[] y, int batch) {
        return lossOf(stage(x, 0, batch, true), y, batch);
    }

    // ---- backward ----

    /** Forward and backward pass: mean gradients, mean loss and mean ||delta_{L-1}||. */
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

    /** As above, each thread writing the rows of x it starts with ({@link BatchRows}). */
    Gradients backpropShared(BatchRows x, double[] y, int batch) {
        return backpropOf(stage(x, batch), y, batch, true);
    }

    /**
     * Rows [fromRow, fromRow + rows) of x: a_{L-1} (row-major) written into out, per-example loss into
     * lossOut when y is non-null (y row-major over the same rows, starting at row 0). Used by evaluation.
     */
    void outputRows(float[] x, int fromRow, int rows, double[] y, double[] out, double[] lossOut) {
        Input in = stage(x, fromRow, rows, false);
        readyToReadByExamples();
        Workspace w = ws;
        pool.run((part, parts) -> {
            int r0 = WorkerPool.start(rows, part, parts);
            int r1 = WorkerPool.start(rows, part + 1, parts);
            forwardRows(in, r0, r1, part, w);
            if (y != null) {
                lossRows(y, r0, r1, w, lossOut);
            }
        }, partsFor(rows));
        System.arraycopy(w.out, 0, out, 0, rows * outputSize());
    }

    /**
     * Forward-only passes split by examples read a first layer split by units from its row copy,
     * brought up to date here on the caller (W does not change during them, so reading it from
     * both cores moves nothing between them, and whole rows run faster than the blocks' halves).
     */
    private void readyToReadByExamples() {
        if (unitStart != null) {
            weights[0].refreshRows();
        }
    }

    private Workspace forwardBatch(Input in, int batch) {
        readyToReadByExamples();
        Workspace w = ws;
        pool.run((part, parts) -> forwardRows(in, WorkerPool.start(batch, part, parts),
                WorkerPool.start(batch, part + 1, parts), part, w), partsFor(batch));
        return w;
    }

    private double[][] activationsOf(Workspace w, int batch) {
        int layers = numLayers();
        double[][] a = new double[layers][];
        for (int l = 0; l < layers - 1; l++) {
            int n = batch * sizes[l + 1];
            if (w.f32) {
                a[l] = new double[n];
                Kernels.widen(w.aF[l], sizes[l + 1], 0, batch, a[l]);
            } else {
                a[l] = Arrays.copyOf(w.a[l], n);
            }
        }
        a[layers - 1] = Arrays.copyOf(w.out, batch * outputSize());
        return a;
    }

    private double lossOf(Input in, double[] y, int batch) {
        readyToReadByExamples();
        requireLength(y, batch * outputSize(), "y ([" + batch + "][" + outputSize() + "])");
        Workspace w = ws;
        pool.run((part, parts) -> {
            int r0 = WorkerPool.start(batch, part, parts);
            int r1 = WorkerPool.start(batch, part + 1, parts);
            forwardRows(in, r0, r1, part, w);
            lossRows(y, r0, r1, w, w.lossRow);
        }, partsFor(batch));
        return meanOf(w.lossRow, batch);
    }

    private Gradients backpropOf(Input in, double[] y, int batch, boolean shared) {
        requireLength(y, batch * outputSize(), "y ([" + batch + "][" + outputSize() + "])");
        Workspace w = ws;
        int layers = numLayers();
        int parts = partsFor(batch);
        double[][] dW = shared ? w.dW : new double[layers][];
        double[][] db = shared ? w.db : new double[layers][];
        for (int l = 0; l < layers; l++) {
            if (shared) {
                Arrays.fill(db[l], 0.0); // dW rows are overwritten whole
            } else {
                dW[l] = new double[weights[l].length()];
                db[l] = new double[biases[l].length()];
            }
        }
        if (w.f32) {
            // (W_l)^T for l >= 1, so that delta_{l+1} W_{l+1}^T is a sum of rows
            for (int l = 1; l < layers; l++) {
                Kernels.transpose(weights[l].floatRows(), w.weightsT[l]);
            }
        }
        // forward and deltas by rows; the columns each part gathers stay in w for the dW pass below
        int fromLayer = 0;
        if (unitStart != null) {
            // the first layer by units: every part gathers its rows of x, then computes its blocks for all rows
            pool.run((part, n) -> {
                int r0 = WorkerPool.start(batch, part, n);
                int r1 = WorkerPool.start(batch, part + 1, n);
                in.fill(r0, r1);
                Kernels.gather(in.f, in.base, sizes[0], r0, r1, sparseInput, w.columns[0][part]);
            }, parts);
            pool.run((part, n) -> {
                for (int u = unitPieceStart(part, n); u < unitPieceStart(part + 1, n); u++) {
                    for (int q = 0; q < parts; q++) {
                        firstLayerBlock(u, part, w.columns[0][q], WorkerPool.start(batch, q, parts),
                                WorkerPool.start(batch, q + 1, parts), w);
                    }
                }
            }, parts);
            fromLayer = 1;
        }
        int first = fromLayer;
        pool.run((part, n) -> {
            int r0 = WorkerPool.start(batch, part, n);
            int r1 = WorkerPool.start(batch, part + 1, n);
            if (first == 0) {
                in.fill(r0, r1);
            }
            for (int l = first; l < layers; l++) {
                forwardLayer(l, in, r0, r1, part, w);
            }
            lossRows(y, r0, r1, w, w.lossRow);
            deltaRows(y, r0, r1, w);
        }, parts);
        if (output.mode() == DeltaMode.JACOBIAN) {
            requireDefinedDeltas(y, batch, w);
        }
        pool.run((part, n) -> weightGradients(batch, w, parts, dW, part, n), parts);
        if (unitStart != null && !shared) {
            unitGradientsToRows(dW[0]);
        }
        for (int l = 0; l < layers; l++) {
            biasGradient(l, batch, w, db[l]);
        }
        return new Gradients(dW, db, meanOf(w.lossRow, batch), meanOf(w.deltaNorm, batch));
    }

    // ---- the equations, for rows [r0, r1) of a batch ----

    /** Every layer forward, l = 0 .. L-1, for rows [r0, r1); the output layer's a also into w.out. */
    private void forwardRows(Input in, int r0, int r1, int part, Workspace w) {
        int layers = numLayers();
        for (int l = 0; l < layers; l++) {
            forwardLayer(l, in, r0, r1, part, w);
        }
    }

    /**
     * z_l = a_{l-1} W_l + b_l, then a_l = f_l(z_l), for rows [r0, r1); a_l overwrites z_l. The rows of
     * a_{l-1} (x for l = 0) are first gathered by column into this part's columns[l][part], which the
     * dW pass reads again. In float, narrow layers ({@link Kernels#NARROW}) multiply by row instead,
     * with the same sums, and beyond the first layer are not gathered at all ({@link #byRow}).
     */
    private void forwardLayer(int l, Input in, int r0, int r1, int part, Workspace w) {
        int nIn = sizes[l];
        int nOut = sizes[l + 1];
        Columns cols = w.columns[l][part];
        boolean last = l == numLayers() - 1;
        if (w.f32) {
            if (l == 0) {
                Kernels.gather(in.f, in.base, nIn, r0, r1, sparseInput, cols);
            } else if (!byRow(l)) {
                Kernels.gather(w.aF[l - 1], nIn, r0, r1, sparseInput, cols);
            }
            float[][] wl = weights[l].readRows(); // a split-by-units layer: its row copy (readyToReadByExamples)
            float[] bl = biases[l].floatRows()[0];
            if (nOut >= Kernels.NARROW) {
                Kernels.affine(cols, wl, bl, w.aF[l], r0, r1);
            } else if (l == 0) {
                Kernels.affineByRow(in.f, in.base, nIn, sparseInput, wl, bl, w.aF[l], r0, r1, w.unitScratch[part],
                        w.accF[part]);
            } else {
                Kernels.affineByRow(w.aF[l - 1], nIn, sparseInput, wl, bl, w.aF[l], r0, r1, w.unitScratch[part],
                        w.accF[part]);
            }
            if (last) {
                // the output activation (softmax across a row) in double, the result rounded to float
                Kernels.widen(w.aF[l], nOut, r0, r1, w.out);
                Kernels.activate(activations[l], w.out, nOut, r0, r1);
                Kernels.narrow(w.out, nOut, r0, r1, w.aF[l]);
            } else {
                Kernels.activate(activations[l], w.aF[l], r0, r1, w.scratch[part]);
            }
        } else {
            Kernels.gather(l == 0 ? in.d : w.a[l - 1], l == 0 ? in.base : 0, nIn, r0, r1, sparseInput, cols);
            Kernels.affine(cols, weights[l].doubles(), biases[l].doubles(), w.a[l], r0, r1, nOut);
            Kernels.activate(activations[l], w.a[l], nOut, r0, r1);
        }
    }

    /**
     * z_0 = x W_0 + b_0 and a_0 = f_0(z_0) for the units of column block u, for the rows [r0, r1)
     * gathered in cols, computed in piece {@code part}'s scratch rows (indexed from 0, as the kernels
     * need) and copied into a_0; a single block (one thread) is computed in a_0 itself.
     */
    private void firstLayerBlock(int u, int part, Columns cols, int r0, int r1, Workspace w) {
        if (unitStart.length == 2) {
            Kernels.affine(cols, weights[0].block(0), biases[0].floatRows()[0], w.aF[0], r0, r1);
            Kernels.activate(activations[0], w.aF[0], r0, r1, w.scratch[part]);
            return;
        }
        int c0 = unitStart[u];
        float[] bias = w.unitBias[part][u];
        System.arraycopy(biases[0].floatRows()[0], c0, bias, 0, bias.length);
        float[][] z = w.unitZ[part][u];
        Kernels.affine(cols, weights[0].block(u), bias, z, r0, r1);
        Kernels.activate(activations[0], z, r0, r1, w.scratch[part]);
        float[][] a = w.aF[0];
        for (int r = r0; r < r1; r++) {
            System.arraycopy(z[r], 0, a[r], c0, bias.length);
        }
    }

    /** unitGrad (by column block) into g, row-major [nIn][nOut]. */
    void unitGradientsToRows(double[] g) {
        int nOut = sizes[1];
        for (int u = 0; u < unitGrad.length; u++) {
            int c0 = unitStart[u];
            int width = unitStart[u + 1] - c0;
            for (int k = 0; k < sizes[0]; k++) {
                System.arraycopy(unitGrad[u], k * width, g, k * nOut + c0, width);
            }
        }
    }

    /** g (row-major [nIn][nOut]) into unitGrad, by column block. */
    void rowsToUnitGradients(double[] g) {
        int nOut = sizes[1];
        for (int u = 0; u < unitGrad.length; u++) {
            int c0 = unitStart[u];
            int width = unitStart[u + 1] - c0;
            for (int k = 0; k < sizes[0]; k++) {
                System.arraycopy(g, k * nOut + c0, unitGrad[u], k * width, width);
            }
        }
    }

    /** L(a_{L-1}, y) per row, in double. */
    private void lossRows(double[] y, int r0, int r1, Workspace w, double[] lossOut) {
        int nOut = outputSize();
        for (int r = r0; r < r1; r++) {
            lossOut[r] = output.loss().value(w.out, r * nOut, y, r * nOut, nOut);
        }
    }

    /**
     * delta_{L-1} = J_f(z_{L-1})^T dL/da_{L-1} (or its closed form), then, going down,
     * delta_l = (delta_{l+1} W_{l+1}^T) .* f_l'(z_l) for l = L-2 .. 0, for rows [r0, r1).
     */
    private void deltaRows(double[] y, int r0, int r1, Workspace w) {
        int layers = numLayers();
        int nOut = outputSize();
        for (int r = r0; r < r1; r++) {
            int o = r * nOut;
            output.delta(w.out, o, y, o, w.outDelta, o, nOut);
        }
        if (w.f32) {
            Kernels.narrow(w.outDelta, nOut, r0, r1, w.deltaF[layers - 1]);
        }
        for (int r = r0; r < r1; r++) {
            int o = r * nOut;
            double sq = 0.0;
            for (int j = 0; j < nOut; j++) {
                sq += w.outDelta[o + j] * w.outDelta[o + j];
            }
            w.deltaNorm[r] = Math.sqrt(sq);
        }
        for (int l = layers - 2; l >= 0; l--) {
            int n = sizes[l + 1];
            int nNext = sizes[l + 2];
            if (w.f32) {
                Kernels.timesTransposed(w.deltaF[l + 1], w.weightsT[l + 1], r0, r1, w.deltaF[l]);
                Kernels.timesDerivative(activations[l], w.aF[l], r0, r1, w.deltaF[l]);
            } else {
                Kernels.timesTransposed(w.delta[l + 1], weights[l + 1].doubles(), n, nNext, r0, r1, w.delta[l]);
                Kernels.timesDerivative(activations[l], w.a[l], n, r0, r1, w.delta[l]);
            }
        }
    }

    /**
     * dW_l = (1/B) a_{l-1}^T delta_l for every layer, from the columns the forward pass gathered in
     * {@code gatheredParts} parts. The rows k of all the dW_l, in blocks of {@link #DW_BLOCK_ROWS}, are
     * dealt round-robin over the {@code parts} threads; a first layer split by units is not among them:
     * each piece computes the columns of its own blocks, into {@link #unitGradients}.
     */
    private void weightGradients(int batch, Workspace w, int gatheredParts, double[][] dW, int part, int parts) {
        int firstBlock = 0;
        int fromLayer = 0;
        if (unitStart != null) {
            // the first layer: this piece's own column blocks, from its units of delta_0 (copied to rows
            // from 0 unless there is one block)
            for (int u = unitPieceStart(part, parts); u < unitPieceStart(part + 1, parts); u++) {
                float[][] d = w.deltaF[0];
                if (unitStart.length > 2) {
                    int c0 = unitStart[u];
                    d = w.unitZ[part][u];
                    int width = d[0].length;
                    for (int r = 0; r < batch; r++) {
                        System.arraycopy(w.deltaF[0][r], c0, d[r], 0, width);
                    }
                }
                Kernels.transposeTimes(w.columns[0], gatheredParts, d, 0, sizes[0], batch, w.accF[part], unitGrad[u]);
            }
            fromLayer = 1;
        }
        for (int l = fromLayer; l < numLayers(); l++) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            boolean byRow = w.f32 && byRow(l);
            int blockRows = byRow ? DW_BLOCK_ROWS_BY_ROW : DW_BLOCK_ROWS;
            int kBlocks = (nIn + blockRows - 1) / blockRows;
            for (int kb = 0; kb < kBlocks; kb++) {
                if ((firstBlock + kb) % parts != part) {
                    continue;
                }
                int k0 = kb * blockRows;
                int k1 = Math.min(nIn, k0 + blockRows);
                if (byRow) {
                    Kernels.transposeTimesByRow(w.aF[l - 1], w.deltaF[l], batch, k0, k1, w.accT[l], dW[l]);
                } else if (w.f32) {
                    Kernels.transposeTimes(w.columns[l], gatheredParts, w.deltaF[l], k0, k1, batch,
                            w.accF[part], dW[l]);
                } else {
                    Kernels.transposeTimes(w.columns[l], gatheredParts, w.delta[l], nOut, k0, k1, batch, dW[l]);
                }
            }
            firstBlock += kBlocks;
        }
    }

    /**
     * Whether float layer l (l &gt;= 1, fewer than {@link Kernels#NARROW} outputs) is multiplied by row
     * both ways: its input is not gathered by column, the forward product reads the rows of a_{l-1}
     * and dW is accumulated by rows of the batch ({@link Kernels#transposeTimesByRow}).
     */
    private boolean byRow(int l) {
        return l >= 1 && sizes[l + 1] < Kernels.NARROW;
    }

    /** db_l = (1/B) sum_r delta_{l,r}. */
    private void biasGradient(int l, int batch, Workspace w, double[] db) {
        if (w.f32) {
            Kernels.columnMeans(w.deltaF[l], batch, db);
        } else {
            Kernels.columnMeans(w.delta[l], batch, sizes[l + 1], db);
        }
    }

    /**
     * Under the general rule, a finite output row can still give a non-finite delta_{L-1}: dL/da is
     * infinite where a softmax probability underflowed to 0 (MCXENT: -y/p) or a sigmoid output
     * rounded to 0 or 1 (XENT), and J^T g then multiplies infinity by 0. Stops with the example and
     * output named instead of letting NaN spread. A non-finite output row is left alone: that is
     * divergence, which the caller reports as such.
     */
    private void requireDefinedDeltas(double[] y, int batch, Workspace w) {
        int nOut = outputSize();
        double[] aL = w.out;
        for (int r = 0; r < batch; r++) {
            if (Double.isFinite(w.deltaNorm[r])) {
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

    // ---- input staging ----

    /**
     * A batch input in the working precision: row r, unit k at base + r * nIn + k of d or f. With
     * rows set, f is still to be written, each part writing its own rows ({@link #fill}) before it
     * reads them.
     */
    private record Input(double[] d, float[] f, int base, BatchRows rows) {
        Input(double[] d, float[] f, int base) {
            this(d, f, base, null);
        }

        /** Writes rows [r0, r1) of f from rows, if the input comes that way. */
        void fill(int r0, int r1) {
            if (rows != null) {
                for (int r = r0; r < r1; r++) {
                    rows.copy(r, f, r);
                }
            }
        }
    }

    private Input stage(BatchRows x, int batch) {
        requireBatch(batch);
        if (x == null) {
            throw new IllegalArgumentException("x (the batch's rows) must be non-null");
        }
        ensureWorkspace(batch);
        if (precision == Precision.FLOAT) {
            return new Input(null, ws.xF, 0, x);
        }
        float[] rows = new float[batch * inputSize()];
        for (int r = 0; r < batch; r++) {
            x.copy(r, rows, r);
        }
        return stage(rows, 0, batch, true);
    }

    private Input stage(double[] x, int batch) {
        requireBatch(batch);
        requireLength(x, batch * inputSize(), "x ([" + batch + "][" + inputSize() + "])");
        ensureWorkspace(batch);
        if (precision == Precision.DOUBLE) {
            return new Input(x, null, 0);
        }
        float[] in = ws.xF;
        for (int i = 0; i < x.length; i++) {
            in[i] = (float) x[i];
        }
        return new Input(null, in, 0);
    }

    /** Rows [fromRow, fromRow + rows) of x; exact: x must hold exactly those rows. */
    private Input stage(float[] x, int fromRow, int rows, boolean exact) {
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
        if (precision == Precision.FLOAT) {
            return new Input(null, x, fromRow * nIn);
        }
        double[] in = ws.x;
        Kernels.widenRange(x, fromRow * nIn, in, rows * nIn);
        return new Input(in, null, 0);
    }

    private void ensureWorkspace(int batch) {
        if (ws == null || ws.capacity < batch) {
            ws = new Workspace(batch, sizes, pool.threads(), precision, unitStart);
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
