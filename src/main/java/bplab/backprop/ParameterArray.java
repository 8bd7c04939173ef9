package bplab.backprop;

/**
 * One parameter array (a layer's W, [rows][cols] row-major, or b, one row) stored in its precision:
 * one flat double[] for DOUBLE; for FLOAT one float[] per row, so that the float kernels index every
 * row from 0 (HotSpot's C2 in Java 17 vectorises {@code z[j] += v * w[j]} over two arrays only when
 * both are indexed alike). Values are addressed by their flat index i = row * cols + col. The
 * precision-specific parts of an update live here, so the trainer reads the same for both.
 */
final class ParameterArray {
    private final int rows;
    private final int cols;
    private final double[] d;
    private final float[][] f;

    ParameterArray(Precision precision, int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.d = precision == Precision.DOUBLE ? new double[rows * cols] : null;
        this.f = precision == Precision.FLOAT ? new float[rows][cols] : null;
    }

    int length() {
        return rows * cols;
    }

    /** The live values (DOUBLE only). */
    double[] doubles() {
        return d;
    }

    /** The live rows (FLOAT only). */
    float[][] floatRows() {
        return f;
    }

    double[] copy() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[length()];
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
     * {@link Trainer#sumOfSquares}; for FLOAT in the same pass, summed in double).
     */
    void subtract(double[] u, int from, int to, double[] sums, int deltaSq, int newSq) {
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
        double change = 0.0;
        double norm = 0.0;
        for (int r = from / cols; r * cols < to; r++) {
            float[] row = f[r];
            int base = r * cols;
            for (int c = Math.max(0, from - base), end = Math.min(cols, to - base); c < end; c++) {
                double before = row[c];
                float after = (float) (before - u[base + c]);
                row[c] = after;
                double step = after - before;
                u[base + c] = step;
                change += step * step;
                norm += (double) after * after;
            }
        }
        sums[deltaSq] = change;
        sums[newSq] = norm;
    }
}
