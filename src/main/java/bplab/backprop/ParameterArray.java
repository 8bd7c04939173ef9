package bplab.backprop;

/**
 * One parameter array (a layer's W, [rows][cols] row-major, or b, one row) stored in its precision:
 * one flat double[] for DOUBLE; for FLOAT one float[] per row, so that the float kernels index every
 * row from 0 (HotSpot's C2 in Java 17 vectorises {@code z[j] += v * w[j]} over two arrays only when
 * both are indexed alike). Values are addressed by their flat index i = row * cols + col. The
 * precision-specific parts of an update live here, so the trainer reads the same for both.
 *
 * <p>A float W can instead be stored in column blocks ({@link #blocked}): block b holds columns
 * [colStart[b], colStart[b + 1]) of every row as its own arrays, indexed from 0. The first layer of a
 * float network is stored so, one block per thread, so that each thread computes, differentiates and
 * updates only the weights it owns and W does not move between the cores (see {@link Network}).
 * Blocked arrays are read and written through {@link #block}, by index only through {@link #copy}
 * and {@link #set}, and as whole rows through {@link #readRows}, a copy remade by
 * {@link #refreshRows} after {@link #blocksChanged}.
 */
final class ParameterArray {
    private final int rows;
    private final int cols;
    private final double[] d;
    private final float[][] f;
    /** Column blocks of a blocked float array: blocks[b][row][col - colStart[b]]; null otherwise. */
    private final float[][][] blocks;
    private final int[] colStart;
    /** A blocked array's values as whole rows, for passes that read W by examples; see {@link #refreshRows}. */
    private float[][] rowCopy;
    private boolean rowCopyStale = true;

    ParameterArray(Precision precision, int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.d = precision == Precision.DOUBLE ? new double[rows * cols] : null;
        this.f = precision == Precision.FLOAT ? new float[rows][cols] : null;
        this.blocks = null;
        this.colStart = null;
    }

    private ParameterArray(int rows, int cols, int[] colStart) {
        this.rows = rows;
        this.cols = cols;
        this.d = null;
        this.f = null;
        this.colStart = colStart.clone();
        this.blocks = new float[colStart.length - 1][][];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new float[rows][colStart[b + 1] - colStart[b]];
        }
    }

    /** A float array stored in column blocks [colStart[b], colStart[b + 1]) (0 first, cols last). */
    static ParameterArray blocked(int rows, int cols, int[] colStart) {
        if (colStart.length < 2 || colStart[0] != 0 || colStart[colStart.length - 1] != cols) {
            throw new IllegalArgumentException("column blocks must run from 0 to " + cols + ", found "
                    + java.util.Arrays.toString(colStart));
        }
        return new ParameterArray(rows, cols, colStart);
    }

    boolean isBlocked() {
        return blocks != null;
    }

    /** Rows of column block b (blocked arrays only): block(b)[row][col - colStart(b)]. */
    float[][] block(int b) {
        return blocks[b];
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    int length() {
        return rows * cols;
    }

    /** The live values (DOUBLE only). */
    double[] doubles() {
        return d;
    }

    /**
     * The rows to read W from in a pass split by examples: the live rows, or for a blocked array its
     * row copy as of the last {@link #refreshRows} (the blocks' short rows run slower than whole ones).
     */
    float[][] readRows() {
        return blocks == null ? floatRows() : blocks.length == 1 ? blocks[0] : rowCopy;
    }

    /**
     * Brings a blocked array's row copy up to date if its blocks changed since: call on one thread
     * before a pass reads {@link #readRows} from several.
     */
    void refreshRows() {
        if (blocks == null || blocks.length == 1 || !rowCopyStale) {
            return;
        }
        if (rowCopy == null) {
            rowCopy = new float[rows][cols];
        }
        for (int b = 0; b < blocks.length; b++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(blocks[b][r], 0, rowCopy[r], colStart[b], blocks[b][r].length);
            }
        }
        rowCopyStale = false;
    }

    /** To be called, on one thread, after the blocks were written through {@link #block}. */
    void blocksChanged() {
        rowCopyStale = true;
    }

    /** The live rows (FLOAT, not blocked). */
    float[][] floatRows() {
        requireFlat();
        return f;
    }

    double[] copy() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[length()];
        if (blocks != null) {
            for (int b = 0; b < blocks.length; b++) {
                int c0 = colStart[b];
                for (int r = 0; r < rows; r++) {
                    float[] row = blocks[b][r];
                    for (int c = 0; c < row.length; c++) {
                        out[r * cols + c0 + c] = row[c];
                    }
                }
            }
            return out;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = f[r][c];
            }
        }
        return out;
    }

    /** Copies v in, rounded to the storage precision. */
    void set(double[] v) {
        if (d != null) {
            System.arraycopy(v, 0, d, 0, v.length);
        } else if (blocks != null) {
            rowCopyStale = true;
            for (int b = 0; b < blocks.length; b++) {
                int c0 = colStart[b];
                for (int r = 0; r < rows; r++) {
                    float[] row = blocks[b][r];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = (float) v[r * cols + c0 + c];
                    }
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    f[r][c] = (float) v[r * cols + c];
                }
            }
        }
    }

    /** sum theta_i^2 over [from, to) in double, in four interleaved partial sums (a fixed order). */
    double sumOfSquares(int from, int to) {
        requireFlat();
        if (d != null) {
            return Trainer.sumOfSquares(d, from, to);
        }
        double s = 0.0;
        for (int r = from / cols; r * cols < to; r++) {
            float[] row = f[r];
            int base = r * cols;
            for (int c = Math.max(0, from - base), end = Math.min(cols, to - base); c < end; c++) {
                double v = row[c];
                s += v * v;
            }
        }
        return s;
    }

    /** g_i += lambda theta_i over [from, to). */
    void addScaled(double lambda, double[] g, int from, int to) {
        requireFlat();
        if (d != null) {
            for (int i = from; i < to; i++) {
                g[i] += lambda * d[i];
            }
        } else {
            for (int r = from / cols; r * cols < to; r++) {
                float[] row = f[r];
                int base = r * cols;
                for (int c = Math.max(0, from - base), end = Math.min(cols, to - base); c < end; c++) {
                    g[base + c] += lambda * row[c];
                }
            }
        }
    }

    /**
     * theta_i -= u_i over [from, to), the result rounded to the storage precision; u_i is replaced by
     * the change actually made, theta_after - theta_before. Stores ||theta_after - theta_before||^2 in
     * sums[deltaSq] and ||theta_after||^2 in sums[newSq] (for DOUBLE in separate passes of
     * {@link Trainer#sumOfSquares}; for FLOAT in the same pass, summed in double row by row of W).
     */
    void subtract(double[] u, int from, int to, double[] sums, int deltaSq, int newSq) {
        requireFlat();
        if (d != null) {
            for (int i = from; i < to; i++) {
                double before = d[i];
                double after = before - u[i];
                d[i] = after;
                u[i] = after - before;
            }
            sums[deltaSq] = Trainer.sumOfSquares(u, from, to);
            sums[newSq] = Trainer.sumOfSquares(d, from, to);
            return;
        }
        double[] acc = new double[2];
        for (int r = from / cols; r * cols < to; r++) {
            int base = r * cols;
            subtract(f[r], Math.max(0, from - base), Math.min(cols, to - base), u, base, acc, 0);
        }
        sums[deltaSq] = acc[0];
        sums[newSq] = acc[1];
    }

    /**
     * row[c] -= u[uo + c] for c in [c0, c1), rounded to float, u[uo + c] replaced by the change made;
     * adds ||change||^2 to sums[at] and ||row after||^2 to sums[at + 1], each summed in double in four
     * interleaved partial sums (a fixed order; four chains of additions instead of one).
     */
    static void subtract(float[] row, int c0, int c1, double[] u, int uo, double[] sums, int at) {
        double ch0 = 0.0;
        double ch1 = 0.0;
        double ch2 = 0.0;
        double ch3 = 0.0;
        double n0 = 0.0;
        double n1 = 0.0;
        double n2 = 0.0;
        double n3 = 0.0;
        int c = c0;
        for (; c + 3 < c1; c += 4) {
            double b0 = row[c];
            double b1 = row[c + 1];
            double b2 = row[c + 2];
            double b3 = row[c + 3];
            float a0 = (float) (b0 - u[uo + c]);
            float a1 = (float) (b1 - u[uo + c + 1]);
            float a2 = (float) (b2 - u[uo + c + 2]);
            float a3 = (float) (b3 - u[uo + c + 3]);
            row[c] = a0;
            row[c + 1] = a1;
            row[c + 2] = a2;
            row[c + 3] = a3;
            double d0 = a0 - b0;
            double d1 = a1 - b1;
            double d2 = a2 - b2;
            double d3 = a3 - b3;
            u[uo + c] = d0;
            u[uo + c + 1] = d1;
            u[uo + c + 2] = d2;
            u[uo + c + 3] = d3;
            ch0 += d0 * d0;
            ch1 += d1 * d1;
            ch2 += d2 * d2;
            ch3 += d3 * d3;
            n0 += (double) a0 * a0;
            n1 += (double) a1 * a1;
            n2 += (double) a2 * a2;
            n3 += (double) a3 * a3;
        }
        for (; c < c1; c++) {
            double before = row[c];
            float after = (float) (before - u[uo + c]);
            row[c] = after;
            double step = after - before;
            u[uo + c] = step;
            ch0 += step * step;
            n0 += (double) after * after;
        }
        sums[at] += (ch0 + ch1) + (ch2 + ch3);
        sums[at + 1] += (n0 + n1) + (n2 + n3);
    }

    private void requireFlat() {
        if (blocks != null) {
            throw new IllegalStateException("a blocked parameter array is read through block(b)");
        }
    }
}
