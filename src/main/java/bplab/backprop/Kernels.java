package bplab.backprop;

import java.util.Arrays;

/**
 * The loops behind {@link Network}'s equations, one double and one float version of each. Every
 * kernel is a function of its arguments: it reads what it is given and writes only its output
 * arguments, so calls do not depend on each other except through the arrays the caller passes.
 *
 * <p>Layouts: a batch of activations is row-major [rows][n] (row r at offset r * n); a weight matrix
 * W is row-major [nIn][nOut] (W_{k,j} at k * nOut + j); a layer input gathered by column is a
 * {@link Columns}. The float kernels take matrices as one array per row ({@code w[k][j]}), so that
 * every inner loop indexes its arrays from 0: HotSpot's C2 in Java 17 vectorises
 * {@code z[j] += v * w[j]}, but not {@code z[zo + j] += v * w[wo + j]} with two different offsets
 * (about 5x slower here for rows of 100 floats). Float kernels accumulate in float (as a float GEMM
 * does) unless noted.
 *
 * <p>Every product sums its terms in a fixed order that does not depend on how rows are split over
 * threads, and skipping zero inputs leaves each sum unchanged (adding 0 * w changes no finite sum).
 * The inner loops run over contiguous array ranges so that HotSpot vectorises them.
 */
final class Kernels {
    /**
     * Float layers with fewer outputs than this are multiplied by row ({@code affineByRow}), wider
     * ones by column: measured here, by row was about 2.7x as fast for 800 inputs and 10 outputs, and
     * by column about 1.2x as fast for 784 MNIST inputs and 800 outputs.
     */
    static final int NARROW = 64;

    private Kernels() {
    }

    // ---- gathering a layer input by column ----

    /**
     * Rows [r0, r1) of the input in[base + r * nIn + k] into cols, by column; zeros are left out when
     * sparse. Rows are recorded as r (relative to base).
     */
    static void gather(double[] in, int base, int nIn, int r0, int r1, boolean sparse, Columns cols) {
        int[] start = cols.start;
        cols.clearCounts();
        for (int r = r0; r < r1; r++) {
            int o = base + r * nIn;
            for (int k = 0; k < nIn; k++) {
                if (!sparse || in[o + k] != 0.0) {
                    start[k + 1]++;
                }
            }
        }
        cols.countsToOffsets();
        cols.reserve(start[nIn], false);
        int[] fill = cols.fill;
        int[] row = cols.row;
        double[] value = cols.value;
        for (int r = r0; r < r1; r++) {
            int o = base + r * nIn;
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

    /**
     * The float version. Sparse, it makes one pass over the input, recording the unit of every value
     * and advancing past it only when the value is not zero (no branch on the data, which is
     * unpredictable for pixels), then counts and places the few present entries by column, rows in
     * order: the same columns as two passes over the whole input would give.
     */
    static void gather(float[] in, int base, int nIn, int r0, int r1, boolean sparse, Columns cols) {
        if (!sparse) {
            gatherDense(in, base, nIn, r0, r1, cols);
            return;
        }
        int[] unit = cols.scratch((r1 - r0) * nIn + 1);
        int[] rowEnd = cols.rowEnds(r1 - r0);
        int n = 0;
        for (int r = r0; r < r1; r++) {
            int o = base + r * nIn;
            for (int k = 0; k < nIn; k++) {
                unit[n] = k;
                n += in[o + k] != 0f ? 1 : 0;
            }
            rowEnd[r - r0] = n;
        }
        int[] start = cols.start;
        cols.clearCounts();
        for (int e = 0; e < n; e++) {
            start[unit[e] + 1]++;
        }
        cols.countsToOffsets();
        cols.reserve(n, true);
        int[] fill = cols.fill;
        int[] row = cols.row;
        float[] value = cols.valueF;
        int e = 0;
        for (int r = r0; r < r1; r++) {
            int o = base + r * nIn;
            for (int end = rowEnd[r - r0]; e < end; e++) {
                int k = unit[e];
                int p = fill[k]++;
                row[p] = r;
                value[p] = in[o + k];
            }
        }
    }

    /** Every value of rows [r0, r1) by column, zeros included. */
    private static void gatherDense(float[] in, int base, int nIn, int r0, int r1, Columns cols) {
        int[] start = cols.start;
        cols.clearCounts();
        for (int k = 0; k < nIn; k++) {
            start[k + 1] = r1 - r0;
        }
        cols.countsToOffsets();
        cols.reserve(start[nIn], true);
        int[] fill = cols.fill;
        int[] row = cols.row;
        float[] value = cols.valueF;
        for (int r = r0; r < r1; r++) {
            int o = base + r * nIn;
            for (int k = 0; k < nIn; k++) {
                int e = fill[k]++;
                row[e] = r;
                value[e] = in[o + k];
            }
        }
    }

    /** As above, from one array per row. */
    static void gather(float[][] in, int nIn, int r0, int r1, boolean sparse, Columns cols) {
        int[] start = cols.start;
        cols.clearCounts();
        for (int r = r0; r < r1; r++) {
            float[] x = in[r];
            for (int k = 0; k < nIn; k++) {
                if (!sparse || x[k] != 0f) {
                    start[k + 1]++;
                }
            }
        }
        cols.countsToOffsets();
        cols.reserve(start[nIn], true);
        int[] fill = cols.fill;
        int[] row = cols.row;
        float[] value = cols.valueF;
        for (int r = r0; r < r1; r++) {
            float[] x = in[r];
            for (int k = 0; k < nIn; k++) {
                float v = x[k];
                if (!sparse || v != 0f) {
                    int e = fill[k]++;
                    row[e] = r;
                    value[e] = v;
                }
            }
        }
    }

    // ---- z = x W + b ----

    /**
     * z_r = b + x_r W for rows [r0, r1), x given by column. Each row k of W is added, scaled by x_{r,k},
     * into every row r whose x_{r,k} is present, while that row of W sits in L1 cache; each z_{r,j}
     * still sums b_j, then k = 0, 1, ... in order.
     */
    static void affine(Columns x, double[] w, double[] b, double[] z, int r0, int r1, int nOut) {
        for (int r = r0; r < r1; r++) {
            System.arraycopy(b, 0, z, r * nOut, nOut);
        }
        int[] start = x.start;
        int[] rows = x.row;
        double[] vals = x.value;
        int nIn = x.nIn();
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
    }

    /**
     * The float version: W, b's row and z as one array per row, so every inner loop indexes from 0.
     * Columns are taken two at a time (k, k+1) and their row lists merged: a row present in both gets
     * {@code z = (z + v_k W_k) + v_{k+1} W_{k+1}} in one pass (the roundings of two separate passes, in
     * the same order), so z_r is loaded and stored once for both; a row in one column gets its one term.
     * Each z_{r,j} still sums b_j, then k = 0, 1, ... in order.
     */
    static void affine(Columns x, float[][] w, float[] b, float[][] z, int r0, int r1) {
        int nOut = b.length;
        for (int r = r0; r < r1; r++) {
            System.arraycopy(b, 0, z[r], 0, nOut);
        }
        int[] start = x.start;
        int[] rows = x.row;
        float[] vals = x.valueF;
        int nIn = x.nIn();
        int k = 0;
        for (; k + 1 < nIn; k += 2) {
            float[] wa = w[k];
            float[] wb = w[k + 1];
            int ea = start[k];
            int endA = start[k + 1];
            int eb = endA;
            int endB = start[k + 2];
            while (ea < endA && eb < endB) {
                int ra = rows[ea];
                int rb = rows[eb];
                if (ra == rb) {
                    float va = vals[ea++];
                    float vb = vals[eb++];
                    float[] zr = z[ra];
                    for (int j = 0; j < nOut; j++) {
                        zr[j] = zr[j] + va * wa[j] + vb * wb[j];
                    }
                } else if (ra < rb) {
                    addScaled(vals[ea++], wa, z[ra], nOut);
                } else {
                    addScaled(vals[eb++], wb, z[rb], nOut);
                }
            }
            for (; ea < endA; ea++) {
                addScaled(vals[ea], wa, z[rows[ea]], nOut);
            }
            for (; eb < endB; eb++) {
                addScaled(vals[eb], wb, z[rows[eb]], nOut);
            }
        }
        for (; k < nIn; k++) {
            for (int e = start[k], end = start[k + 1]; e < end; e++) {
                addScaled(vals[e], w[k], z[rows[e]], nOut);
            }
        }
    }

    /** zr += v wk over [0, n). */
    private static void addScaled(float v, float[] wk, float[] zr, int n) {
        for (int j = 0; j < n; j++) {
            zr[j] += v * wk[j];
        }
    }

    /**
     * The float version for narrow layers (few outputs, e.g. the 10 of an output layer), reading x by
     * row: z_r starts as b and gets x_{r,k} W_k added for the present k in increasing order (the same
     * sums as {@link #affine(Columns, float[][], float[], float[][], int, int)}), four rows of W per
     * pass over z_r, written {@code z = (((z + v0 w0) + v1 w1) + v2 w2) + v3 w3} so the roundings are
     * those of four separate passes (Java neither fuses nor reassociates). By column, a narrow z_r would
     * be loaded and stored once per input; here once per four. Row r of x is x[base + r * nIn ..];
     * unit and value are scratch of length &gt;= nIn.
     */
    static void affineByRow(float[] x, int base, int nIn, boolean sparse, float[][] w, float[] b, float[][] z, int r0,
            int r1, int[] unit, float[] value) {
        int nOut = b.length;
        for (int r = r0; r < r1; r++) {
            int o = base + r * nIn;
            int n = 0;
            for (int k = 0; k < nIn; k++) {
                float v = x[o + k];
                if (!sparse || v != 0f) {
                    unit[n] = k;
                    value[n++] = v;
                }
            }
            addRows(unit, value, n, w, b, z[r], nOut);
        }
    }

    /** As above, x as one array per row. */
    static void affineByRow(float[][] x, int nIn, boolean sparse, float[][] w, float[] b, float[][] z, int r0, int r1,
            int[] unit, float[] value) {
        int nOut = b.length;
        for (int r = r0; r < r1; r++) {
            float[] xr = x[r];
            int n = 0;
            for (int k = 0; k < nIn; k++) {
                float v = xr[k];
                if (!sparse || v != 0f) {
                    unit[n] = k;
                    value[n++] = v;
                }
            }
            addRows(unit, value, n, w, b, z[r], nOut);
        }
    }

    /** zr = b + sum_i value[i] W_{unit[i]} over i = 0 .. n-1 in order, four per pass. */
    private static void addRows(int[] unit, float[] value, int n, float[][] w, float[] b, float[] zr, int nOut) {
        System.arraycopy(b, 0, zr, 0, nOut);
        int e = 0;
        for (; e + 3 < n; e += 4) {
            float v0 = value[e];
            float v1 = value[e + 1];
            float v2 = value[e + 2];
            float v3 = value[e + 3];
            float[] w0 = w[unit[e]];
            float[] w1 = w[unit[e + 1]];
            float[] w2 = w[unit[e + 2]];
            float[] w3 = w[unit[e + 3]];
            for (int j = 0; j < nOut; j++) {
                zr[j] = zr[j] + v0 * w0[j] + v1 * w1[j] + v2 * w2[j] + v3 * w3[j];
            }
        }
        for (; e < n; e++) {
            float v = value[e];
            float[] wk = w[unit[e]];
            for (int j = 0; j < nOut; j++) {
                zr[j] += v * wk[j];
            }
        }
    }

    // ---- out = d W^T ----

    /**
     * out_{r,i} = sum_j d_{r,j} W_{i,j} for rows [r0, r1), W row-major [nIn][nOut] (row i of W is
     * contiguous), summed j = 0, 1, ... from 0.
     */
    static void timesTransposed(double[] d, double[] w, int nIn, int nOut, int r0, int r1, double[] out) {
        for (int r = r0; r < r1; r++) {
            int dOff = r * nOut;
            int oOff = r * nIn;
            for (int i = 0; i < nIn; i++) {
                int wo = i * nOut;
                double s = 0.0;
                for (int j = 0; j < nOut; j++) {
                    s += d[dOff + j] * w[wo + j];
                }
                out[oOff + i] = s;
            }
        }
    }

    /**
     * The float version, from wT = W^T ([nOut][nIn]): out_r = sum_j d_{r,j} (row j of wT), j = 0, 1, ...
     * from 0 (the same sums as above, as whole rows), four rows of wT per pass over out_r written
     * {@code o = (((o + v0 w0) + v1 w1) + v2 w2) + v3 w3}: the roundings of four separate passes.
     */
    static void timesTransposed(float[][] d, float[][] wT, int r0, int r1, float[][] out) {
        int nOut = wT.length;
        int nIn = wT[0].length;
        for (int r = r0; r < r1; r++) {
            float[] o = out[r];
            float[] dr = d[r];
            Arrays.fill(o, 0, nIn, 0f);
            int j = 0;
            for (; j + 3 < nOut; j += 4) {
                float v0 = dr[j];
                float v1 = dr[j + 1];
                float v2 = dr[j + 2];
                float v3 = dr[j + 3];
                float[] w0 = wT[j];
                float[] w1 = wT[j + 1];
                float[] w2 = wT[j + 2];
                float[] w3 = wT[j + 3];
                for (int i = 0; i < nIn; i++) {
                    o[i] = o[i] + v0 * w0[i] + v1 * w1[i] + v2 * w2[i] + v3 * w3[i];
                }
            }
            for (; j < nOut; j++) {
                float v = dr[j];
                float[] wj = wT[j];
                for (int i = 0; i < nIn; i++) {
                    o[i] += v * wj[i];
                }
            }
        }
    }

    /** wT = W^T. */
    static void transpose(float[][] w, float[][] wT) {
        for (int i = 0; i < w.length; i++) {
            float[] wi = w[i];
            for (int j = 0; j < wi.length; j++) {
                wT[j][i] = wi[j];
            }
        }
    }

    // ---- g = (1/B) x^T d ----

    /**
     * Rows [k0, k1) of g = (1/batch) x^T d, x given by column in parts[0 .. nParts-1] (each holding
     * its own rows, in row order): row k of g is overwritten with the sum over the present x_{r,k},
     * parts in order and rows in order within a part (so examples in order whatever the split), of
     * x_{r,k} d_r, then divided by batch.
     */
    static void transposeTimes(Columns[] parts, int nParts, double[] d, int nOut, int k0, int k1, int batch,
            double[] g) {
        for (int k = k0; k < k1; k++) {
            int go = k * nOut;
            Arrays.fill(g, go, go + nOut, 0.0);
            for (int q = 0; q < nParts; q++) {
                Columns c = parts[q];
                int[] rows = c.row;
                double[] vals = c.value;
                for (int e = c.start[k], end = c.start[k + 1]; e < end; e++) {
                    double v = vals[e];
                    int dOff = rows[e] * nOut;
                    for (int j = 0; j < nOut; j++) {
                        g[go + j] += v * d[dOff + j];
                    }
                }
            }
            for (int j = go; j < go + nOut; j++) {
                g[j] /= batch;
            }
        }
    }

    /**
     * The float version: each row is summed in float in acc (length &gt;= nOut), divided in float, stored
     * in g. Four entries of a column are added in one pass over acc, written
     * {@code acc = (((acc + v0 d0) + v1 d1) + v2 d2) + v3 d3}: the roundings of four separate passes
     * in the same order, with acc loaded and stored once per four.
     */
    static void transposeTimes(Columns[] parts, int nParts, float[][] d, int k0, int k1, int batch,
            float[] acc, double[] g) {
        int nOut = d[0].length;
        for (int k = k0; k < k1; k++) {
            Arrays.fill(acc, 0, nOut, 0f);
            for (int q = 0; q < nParts; q++) {
                Columns c = parts[q];
                int[] rows = c.row;
                float[] vals = c.valueF;
                int e = c.start[k];
                int end = c.start[k + 1];
                for (; e + 3 < end; e += 4) {
                    float v0 = vals[e];
                    float v1 = vals[e + 1];
                    float v2 = vals[e + 2];
                    float v3 = vals[e + 3];
                    float[] d0 = d[rows[e]];
                    float[] d1 = d[rows[e + 1]];
                    float[] d2 = d[rows[e + 2]];
                    float[] d3 = d[rows[e + 3]];
                    for (int j = 0; j < nOut; j++) {
                        acc[j] = acc[j] + v0 * d0[j] + v1 * d1[j] + v2 * d2[j] + v3 * d3[j];
                    }
                }
                for (; e < end; e++) {
                    float v = vals[e];
                    float[] dr = d[rows[e]];
                    for (int j = 0; j < nOut; j++) {
                        acc[j] += v * dr[j];
                    }
                }
            }
            int go = k * nOut;
            float b = batch;
            for (int j = 0; j < nOut; j++) {
                g[go + j] = acc[j] / b;
            }
        }
    }

    /**
     * Rows [k0, k1) of g = (1/batch) a^T d for a narrow layer, from the rows of a ([batch][nIn]) and d
     * ([batch][nOut]): accT[j][k] (float, [nOut][nIn]) sums a_{r,k} d_{r,j} over r = 0, 1, ... in order,
     * four rows per pass written {@code t = (((t + c0 a0) + c1 a1) + c2 a2) + c3 a3}, over k
     * contiguous; then g_{k,j} = accT[j][k] / batch in float. Zero a_{r,k} are not skipped: their
     * terms are zeros, so the sums equal those of {@link #transposeTimes(Columns[], int, float[][], int,
     * int, int, float[], double[])} for finite values.
     */
    static void transposeTimesByRow(float[][] a, float[][] d, int batch, int k0, int k1, float[][] accT, double[] g) {
        int nOut = accT.length;
        for (int j = 0; j < nOut; j++) {
            Arrays.fill(accT[j], k0, k1, 0f);
        }
        int r = 0;
        for (; r + 3 < batch; r += 4) {
            float[] a0 = a[r];
            float[] a1 = a[r + 1];
            float[] a2 = a[r + 2];
            float[] a3 = a[r + 3];
            float[] d0 = d[r];
            float[] d1 = d[r + 1];
            float[] d2 = d[r + 2];
            float[] d3 = d[r + 3];
            for (int j = 0; j < nOut; j++) {
                float c0 = d0[j];
                float c1 = d1[j];
                float c2 = d2[j];
                float c3 = d3[j];
                float[] t = accT[j];
                for (int k = k0; k < k1; k++) {
                    t[k] = t[k] + c0 * a0[k] + c1 * a1[k] + c2 * a2[k] + c3 * a3[k];
                }
            }
        }
        for (; r < batch; r++) {
            float[] ar = a[r];
            float[] dr = d[r];
            for (int j = 0; j < nOut; j++) {
                float c = dr[j];
                float[] t = accT[j];
                for (int k = k0; k < k1; k++) {
                    t[k] += c * ar[k];
                }
            }
        }
        float b = batch;
        for (int k = k0; k < k1; k++) {
            int go = k * nOut;
            for (int j = 0; j < nOut; j++) {
                g[go + j] = accT[j][k] / b;
            }
        }
    }

    // ---- g = (1/B) sum_r d_r ----

    /** db = (1/batch) sum_r d_r over rows [0, batch), rows in order. db must be zero on entry. */
    static void columnMeans(double[] d, int batch, int nOut, double[] db) {
        for (int r = 0; r < batch; r++) {
            int o = r * nOut;
            for (int j = 0; j < nOut; j++) {
                db[j] += d[o + j];
            }
        }
        for (int j = 0; j < nOut; j++) {
            db[j] /= batch;
        }
    }

    /** The float version, summed in double, the mean rounded to float. db must be zero on entry. */
    static void columnMeans(float[][] d, int batch, double[] db) {
        int nOut = db.length;
        for (int r = 0; r < batch; r++) {
            float[] dr = d[r];
            for (int j = 0; j < nOut; j++) {
                db[j] += dr[j];
            }
        }
        for (int j = 0; j < nOut; j++) {
            db[j] = (float) (db[j] / batch);
        }
    }

    // ---- element-wise ----

    /** Rows [r0, r1) of a ([rows][n]) through the activation, in place. */
    static void activate(Activation f, double[] a, int n, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            f.applyInPlace(a, r * n, n);
        }
    }

    /** The float version: each value is computed in double and rounded to float. */
    static void activate(Activation f, float[][] a, int r0, int r1, double[] scratch) {
        for (int r = r0; r < r1; r++) {
            float[] ar = a[r];
            int n = ar.length;
            for (int j = 0; j < n; j++) {
                scratch[j] = ar[j];
            }
            f.applyInPlace(scratch, 0, n);
            for (int j = 0; j < n; j++) {
                ar[j] = (float) scratch[j];
            }
        }
    }

    /** d_{r,i} *= f'(z_{r,i}) for rows [r0, r1), f' taken from the activation's output a = f(z). */
    static void timesDerivative(Activation f, double[] a, int n, int r0, int r1, double[] d) {
        for (int i = r0 * n; i < r1 * n; i++) {
            d[i] = d[i] * f.derivativeFromOutput(a[i]);
        }
    }

    /** The float version: f' and the product in double, rounded to float. */
    static void timesDerivative(Activation f, float[][] a, int r0, int r1, float[][] d) {
        for (int r = r0; r < r1; r++) {
            float[] ar = a[r];
            float[] dr = d[r];
            for (int i = 0; i < ar.length; i++) {
                dr[i] = (float) (dr[i] * f.derivativeFromOutput(ar[i]));
            }
        }
    }

    /** Rows [r0, r1) of src into dst, row-major [rows][n]. */
    static void widen(float[][] src, int n, int r0, int r1, double[] dst) {
        for (int r = r0; r < r1; r++) {
            float[] s = src[r];
            for (int j = 0; j < n; j++) {
                dst[r * n + j] = s[j];
            }
        }
    }

    /** dst[i] = src[srcFrom + i] for i in [0, n). */
    static void widenRange(float[] src, int srcFrom, double[] dst, int n) {
        for (int i = 0; i < n; i++) {
            dst[i] = src[srcFrom + i];
        }
    }

    /** Rounds rows [r0, r1) of v (row-major [rows][n]) to float in place and stores them in dst as well. */
    static void narrow(double[] v, int n, int r0, int r1, float[][] dst) {
        for (int r = r0; r < r1; r++) {
            float[] d = dst[r];
            for (int j = 0; j < n; j++) {
                float f = (float) v[r * n + j];
                v[r * n + j] = f;
                d[j] = f;
            }
        }
    }
}
