package bplab.backprop;

import java.util.Arrays;

/**
 * Minibatch training of a {@link Network} as DL4J 1.0.0-M2.1 does one iteration:
 * forward, backward, mean over the batch, g_W += l2 W (biases not regularised), updater, theta -= u.
 * Keeps one {@link UpdaterState} per parameter array; their iteration counters advance together.
 */
public final class Trainer {
    /** Parameters are processed in blocks of this size so partial sums combine in a fixed order. */
    private static final int BLOCK = 4096;

    private final Network net;
    private final Updater updater;
    private final double l2;
    private final UpdaterState[] weightStates;
    private final UpdaterState[] biasStates;

    /**
     * @param l2 DL4J's .l2(x): g_W += l2 * W after averaging, before the updater; the step reports
     *           the penalty 0.5 * l2 * sum ||W||^2 beside the data loss. Must be &gt;= 0.
     */
    public Trainer(Network net, Updater updater, double l2) {
        if (net == null || updater == null) {
            throw new IllegalArgumentException("network and updater must be non-null, found " + net + ", " + updater);
        }
        if (!(l2 >= 0.0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, found " + l2);
        }
        this.net = net;
        this.updater = updater;
        this.l2 = l2;
        int layers = net.numLayers();
        this.weightStates = new UpdaterState[layers];
        this.biasStates = new UpdaterState[layers];
        for (int l = 0; l < layers; l++) {
            weightStates[l] = updater.newState(net.weightsRef(l).length());
            biasStates[l] = updater.newState(net.biasesRef(l).length());
        }
    }

    public Trainer(Network net, Updater updater) {
        this(net, updater, 0.0);
    }

    public Network network() {
        return net;
    }

    public Updater updater() {
        return updater;
    }

    public double l2() {
        return l2;
    }

    /** Updater state of W^l (live; for checkpoints). */
    public UpdaterState weightState(int layer) {
        return weightStates[checkLayer(layer)];
    }

    /** Updater state of b^l (live; for checkpoints). */
    public UpdaterState biasState(int layer) {
        return biasStates[checkLayer(layer)];
    }

    /** DL4J's iteration count: number of steps taken (0 before the first). */
    public int iteration() {
        return weightStates[0].iteration();
    }

    /** Sets the iteration count of every updater state (e.g. when restoring a checkpoint). */
    public void setIteration(int iteration) {
        for (int l = 0; l < weightStates.length; l++) {
            weightStates[l].setIteration(iteration);
            biasStates[l].setIteration(iteration);
        }
    }

    /**
     * One training step on a minibatch. x is row-major [batchSize][nIn] (exactly that length), labels
     * holds batchSize class indices in [0, nOut); targets are their one-hot rows.
     */
    public BatchStep step(float[] x, int[] labels, int batchSize) {
        double[] y = oneHot(labels, batchSize, net.outputSize());
        return apply(net.backpropShared(x, y, batchSize), net.partsFor(batchSize), true);
    }

    /**
     * As {@link #step(float[], int[], int)}, with the minibatch's rows written by the threads of the
     * step that read them (results are the same).
     */
    public BatchStep step(BatchRows x, int[] labels, int batchSize) {
        double[] y = oneHot(labels, batchSize, net.outputSize());
        return apply(net.backpropShared(x, y, batchSize), net.partsFor(batchSize), true);
    }

    public BatchStep step(double[] x, int[] labels, int batchSize) {
        double[] y = oneHot(labels, batchSize, net.outputSize());
        return apply(net.backpropShared(x, y, batchSize), net.partsFor(batchSize), true);
    }

    /**
     * Applies already computed minibatch-mean gradients as one step (L2, updater, update), exactly
     * as {@link #step} does after its backward pass. The gradient arrays are used as scratch space.
     */
    public BatchStep apply(Gradients grads) {
        return apply(grads, net.threads(), false);
    }

    /**
     * As {@link #apply(Gradients)}, split over {@code parts} threads (results do not depend on it).
     * inBlocks: the first layer's dW is the network's by column block ({@link Network#backpropShared}),
     * not grads.dW()[0].
     */
    private BatchStep apply(Gradients grads, int parts, boolean inBlocks) {
        int layers = net.numLayers();
        double[] wNorms = new double[layers];
        double[] bNorms = new double[layers];
        double[] ratios = new double[layers];
        double sumW2 = 0.0;
        boolean units = net.unitStart() != null;
        if (units && !inBlocks) {
            net.rowsToUnitGradients(grads.dW()[0]);
        }
        for (int l = 0; l < layers; l++) {
            double[] w = l == 0 && units ? updateUnits(net.weightsRef(0), weightStates[0], l2, parts)
                    : update(net.weightsRef(l), grads.dW()[l], weightStates[l], l2, parts);
            double[] b = update(net.biasesRef(l), grads.db()[l], biasStates[l], 0.0, parts);
            wNorms[l] = Math.sqrt(w[GRAD_SQ]);
            bNorms[l] = Math.sqrt(b[GRAD_SQ]);
            ratios[l] = Math.sqrt(w[DELTA_SQ]) / Math.sqrt(w[NEW_SQ]);
            sumW2 += w[OLD_SQ];
        }
        if (units) {
            net.weightsRef(0).blocksChanged();
        }
        if (units && !inBlocks) {
            net.unitGradientsToRows(grads.dW()[0]); // theta_after - theta_before, as for the other arrays
        }
        setIteration(iteration() + 1);
        double penalty = l2 > 0.0 ? 0.5 * l2 * sumW2 : 0.0;
        return new BatchStep(grads.loss(), penalty, wNorms, bNorms, ratios, grads.outputDeltaNorm());
    }

    private static final int GRAD_SQ = 0;
    private static final int OLD_SQ = 1;
    private static final int DELTA_SQ = 2;
    private static final int NEW_SQ = 3;

    /**
     * theta -= u(g + lambda theta) in blocks dealt round-robin to the pool's threads. Returns
     * {||g||^2, ||theta_before||^2 (only when lambda &gt; 0, else 0), ||theta_after - theta_before||^2,
     * ||theta_after||^2}, each summed block by block in block order (independent of the thread count).
     * g ends up holding theta_after - theta_before.
     */
    private double[] update(ParameterArray theta, double[] g, UpdaterState state, double lambda, int split) {
        int n = theta.length();
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[][] partial = new double[blocks][4];
        Precision precision = net.precision();
        WorkerPool.Task task = (part, parts) -> {
            for (int blk = part; blk < blocks; blk += parts) {
                int from = blk * BLOCK;
                int to = Math.min(n, from + BLOCK);
                double[] s = partial[blk];
                s[GRAD_SQ] = sumOfSquares(g, from, to);
                if (lambda > 0.0) {
                    s[OLD_SQ] = theta.sumOfSquares(from, to);
                    // L2: g += lambda W (DL4J's .l2, not 2 lambda)
                    theta.addScaled(lambda, g, from, to);
                }
                updater.toUpdate(g, state, from, to);
                state.round(precision, from, to);
                theta.subtract(g, from, to, s, DELTA_SQ, NEW_SQ);
            }
        };
        if (blocks > 1 && split > 1) {
            net.pool().run(task, split);
        } else {
            task.run(0, 1);
        }
        double[] total = new double[4];
        for (double[] s : partial) {
            for (int q = 0; q < 4; q++) {
                total[q] += s[q];
            }
        }
        return total;
    }

    /**
     * {@link #update} for the first layer's W when it is split by units: piece p updates the column
     * blocks it owns ({@link Network#unitPieceStart}), whose weights and gradients no other thread
     * touches, row by row, from the network's dW by block; the updater state stays row-major. The
     * norms are summed per chunk of {@link Network#UNIT_CHUNK} units, rows in order and the chunk's
     * units in order within a row, and the chunks' sums added in chunk order: block boundaries fall
     * between chunks, so the sums do not depend on the thread count.
     */
    private double[] updateUnits(ParameterArray theta, UpdaterState state, double lambda, int split) {
        int[] unitStart = net.unitStart();
        double[][] gBlocks = net.unitGradients();
        int rows = theta.rows();
        int cols = theta.cols();
        int chunk = Network.UNIT_CHUNK;
        int chunks = (cols + chunk - 1) / chunk;
        double[] partial = new double[chunks * 4];
        Precision precision = net.precision();
        WorkerPool.Task task = (part, parts) -> {
            int u0 = net.unitPieceStart(part, parts);
            int u1 = net.unitPieceStart(part + 1, parts);
            if (u0 == u1) {
                return;
            }
            int firstChunk = unitStart[u0] / chunk;
            double[] sums = new double[((unitStart[u1] + chunk - 1) / chunk - firstChunk) * 4];
            for (int u = u0; u < u1; u++) {
                int c0 = unitStart[u];
                int width = unitStart[u + 1] - c0;
                float[][] w = theta.block(u);
                double[] g = gBlocks[u];
                for (int k = 0; k < rows; k++) {
                    float[] row = w[k];
                    int go = k * width;
                    int so = k * cols + c0;
                    for (int j0 = 0; j0 < width; j0 += chunk) {
                        int j1 = Math.min(width, j0 + chunk);
                        int s = ((c0 + j0) / chunk - firstChunk) * 4;
                        double gradSq = sumOfSquares(g, go + j0, go + j1);
                        double oldSq = 0.0;
                        if (lambda > 0.0) {
                            for (int j = j0; j < j1; j++) {
                                double t = row[j];
                                oldSq += t * t;
                                g[go + j] += lambda * t; // L2: g += lambda W (DL4J's .l2, not 2 lambda)
                            }
                        }
                        sums[s + GRAD_SQ] += gradSq;
                        sums[s + OLD_SQ] += oldSq;
                    }
                    updater.toUpdate(g, go, state, so, width);
                    state.round(precision, so, so + width);
                    for (int j0 = 0; j0 < width; j0 += chunk) {
                        int j1 = Math.min(width, j0 + chunk);
                        int s = ((c0 + j0) / chunk - firstChunk) * 4;
                        ParameterArray.subtract(row, j0, j1, g, go, sums, s + DELTA_SQ); // and NEW_SQ = DELTA_SQ + 1
                    }
                }
            }
            System.arraycopy(sums, 0, partial, firstChunk * 4, sums.length);
        };
        if (split > 1) {
            net.pool().run(task, split);
        } else {
            task.run(0, 1);
        }
        double[] total = new double[4];
        for (int c = 0; c < chunks; c++) {
            for (int q = 0; q < 4; q++) {
                total[q] += partial[c * 4 + q];
            }
        }
        return total;
    }

    /** sum v_i^2 over [from, to), in four interleaved partial sums (a fixed order). */
    static double sumOfSquares(double[] v, int from, int to) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += v[i] * v[i];
            s1 += v[i + 1] * v[i + 1];
            s2 += v[i + 2] * v[i + 2];
            s3 += v[i + 3] * v[i + 3];
        }
        for (; i < to; i++) {
            s0 += v[i] * v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Mean loss, accuracy and confusion matrix over the first n rows of x and labels, in chunks. */
    public BatchEvaluation evaluate(float[] x, int[] labels, int n) {
        int nIn = net.inputSize();
        int nOut = net.outputSize();
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, found " + n);
        }
        if (x == null || x.length < (long) n * nIn) {
            throw new IllegalArgumentException("x must hold " + n + " rows of " + nIn + " inputs (length >= "
                    + (long) n * nIn + "), found " + (x == null ? "null" : "length " + x.length));
        }
        if (labels == null || labels.length < n) {
            throw new IllegalArgumentException("labels must hold " + n + " entries, found "
                    + (labels == null ? "null" : "length " + labels.length));
        }
        int chunk = 1024;
        int[][] confusion = new int[nOut][nOut];
        double[] out = new double[chunk * nOut];
        double[] lossRow = new double[chunk];
        double lossSum = 0.0;
        int correct = 0;
        for (int from = 0; from < n; from += chunk) {
            int rows = Math.min(chunk, n - from);
            int[] chunkLabels = Arrays.copyOfRange(labels, from, from + rows);
            double[] y = oneHot(chunkLabels, rows, nOut);
            net.outputRows(x, from, rows, y, out, lossRow);
            int[] pred = Network.argmax(out, rows, nOut);
            for (int r = 0; r < rows; r++) {
                lossSum += lossRow[r];
                confusion[chunkLabels[r]][pred[r]]++;
                if (pred[r] == chunkLabels[r]) {
                    correct++;
                }
            }
        }
        return new BatchEvaluation(lossSum / n, (double) correct / n, confusion, n);
    }

    /** One-hot rows y[r][labels[r]] = 1, row-major [batch][nOut]. */
    static double[] oneHot(int[] labels, int batch, int nOut) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, found " + batch);
        }
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("labels must have length " + batch + " (the batch size), found "
                    + (labels == null ? "null" : "length " + labels.length));
        }
        double[] y = new double[batch * nOut];
        for (int r = 0; r < batch; r++) {
            int c = labels[r];
            if (c < 0 || c >= nOut) {
                throw new IllegalArgumentException("label " + r + " is " + c + "; expected a class in [0, " + nOut + ")");
            }
            y[r * nOut + c] = 1.0;
        }
        return y;
    }

    private int checkLayer(int layer) {
        if (layer < 0 || layer >= weightStates.length) {
            throw new IllegalArgumentException("layer must be in [0, " + weightStates.length + "), found " + layer);
        }
        return layer;
    }
}
