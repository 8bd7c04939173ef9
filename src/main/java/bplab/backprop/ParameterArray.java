package bplab.backprop;

/**
 * One parameter array (a layer's W or b) stored in its precision: double[] for DOUBLE, float[] for
 * FLOAT. The precision-specific parts of an update live here, so the trainer reads the same for both.
 */
final class ParameterArray {
    private final double[] d;
    private final float[] f;

    ParameterArray(Precision precision, int length) {
        this.d = precision == Precision.DOUBLE ? new double[length] : null;
        this.f = precision == Precision.FLOAT ? new float[length] : null;
    }

    int length() {
        return d != null ? d.length : f.length;
    }

    /** The live values (DOUBLE only). */
    double[] doubles() {
        return d;
    }

    /** The live values (FLOAT only). */
    float[] floats() {
        return f;
    }

    double[] copy() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[f.length];
        Kernels.widen(f, out, 0, f.length);
        return out;
    }

    /** Copies v in, rounded to the storage precision. */
    void set(double[] v) {
        if (d != null) {
            System.arraycopy(v, 0, d, 0, v.length);
        } else {
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
        }
    }

    /** sum theta_i^2 over [from, to) in double, in four interleaved partial sums (a fixed order). */
    double sumOfSquares(int from, int to) {
        if (d != null) {
            return Trainer.sumOfSquares(d, from, to);
        }
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double v0 = f[i];
            double v1 = f[i + 1];
            double v2 = f[i + 2];
            double v3 = f[i + 3];
            s0 += v0 * v0;
            s1 += v1 * v1;
            s2 += v2 * v2;
            s3 += v3 * v3;
        }
        for (; i < to; i++) {
            double v = f[i];
            s0 += v * v;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** g_i += lambda theta_i over [from, to). */
    void addScaled(double lambda, double[] g, int from, int to) {
        if (d != null) {
            for (int i = from; i < to; i++) {
                g[i] += lambda * d[i];
            }
        } else {
            for (int i = from; i < to; i++) {
                g[i] += lambda * f[i];
            }
        }
    }

    /**
     * theta_i -= u_i over [from, to), the result rounded to the storage precision; u_i is replaced by
     * the change actually made, theta_after - theta_before.
     */
    void subtract(double[] u, int from, int to) {
        if (d != null) {
            for (int i = from; i < to; i++) {
                double before = d[i];
                double after = before - u[i];
                d[i] = after;
                u[i] = after - before;
            }
        } else {
            for (int i = from; i < to; i++) {
                double before = f[i];
                float after = (float) (before - u[i]);
                f[i] = after;
                u[i] = after - before;
            }
        }
    }
}
