package bplab.backprop;

/**
 * Activation functions a = f(z), applied to one row (one example) at a time.
 *
 * <p>Element-wise functions have a diagonal Jacobian, so their backward pass is
 * {@code g .* f'(z)}. SOFTMAX couples every output to every input; its backward pass is the
 * Jacobian-vector product {@code J^T g} with {@code J = diag(p) - p p^T}.
 *
 * <p>Conventions follow DL4J 1.0.0-M2.1: sigmoid'(z) = s(z)(1 - s(z)), tanh'(z) = 1 - tanh(z)^2,
 * relu'(z) = 1 if z &gt; 0 else 0 (libnd4j's RELUDerivative uses a strict "&gt;", so the
 * derivative at exactly 0 is 0), softmax computed as exp(z - max z) / sum.
 */
public enum Activation {
    SIGMOID(true),
    TANH(true),
    RELU(true),
    IDENTITY(true),
    SOFTMAX(false);

    private final boolean elementWise;

    Activation(boolean elementWise) {
        this.elementWise = elementWise;
    }

    /** a = f(z) for one row; z is not modified. */
    public double[] forward(double[] z) {
        requireNonEmpty(z, "z");
        double[] a = z.clone();
        applyInPlace(a, 0, a.length);
        return a;
    }

    /** Scalar f(z) for the element-wise activations. */
    public double value(double z) {
        requireElementWise("value");
        return scalar(z);
    }

    /** f'(z) for the element-wise activations (SOFTMAX has no scalar derivative: use {@link #jvp}). */
    public double derivative(double z) {
        requireElementWise("derivative");
        return derivativeFromOutput(scalar(z));
    }

    /**
     * J_f(z)^T g without forming J.
     * Element-wise: g .* f'(z). Softmax: delta_k = p_k (g_k - sum_j p_j g_j).
     */
    public double[] jvp(double[] z, double[] g) {
        requireNonEmpty(z, "z");
        requireSameLength(z, g, "z", "g");
        double[] a = forward(z);
        double[] out = new double[z.length];
        backpropFromOutput(a, 0, g, 0, out, 0, z.length);
        return out;
    }

    /** The explicit Jacobian J[i][k] = d a_i / d z_k (for explanations and tests; O(n^2)). */
    public double[][] jacobian(double[] z) {
        requireNonEmpty(z, "z");
        int n = z.length;
        double[][] jac = new double[n][n];
        if (elementWise) {
            for (int i = 0; i < n; i++) {
                jac[i][i] = derivative(z[i]);
            }
            return jac;
        }
        double[] p = forward(z);
        // J = diag(p) - p p^T
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                jac[i][k] = (i == k ? p[i] : 0.0) - p[i] * p[k];
            }
        }
        return jac;
    }

    // ---- row kernels used by the engine (no allocation) ----

    /** Overwrites buf[off, off+n) holding z with a = f(z). */
    void applyInPlace(double[] buf, int off, int n) {
        switch (this) {
            case SIGMOID -> {
                for (int i = off; i < off + n; i++) {
                    buf[i] = 1.0 / (1.0 + Math.exp(-buf[i]));
                }
            }
            case TANH -> {
                for (int i = off; i < off + n; i++) {
                    buf[i] = Math.tanh(buf[i]);
                }
            }
            case RELU -> {
                for (int i = off; i < off + n; i++) {
                    buf[i] = buf[i] > 0.0 ? buf[i] : 0.0;
                }
            }
            case IDENTITY -> { }
            case SOFTMAX -> {
                // p = exp(z - max z) / sum: shifting by max leaves p unchanged and avoids overflow
                double max = Double.NEGATIVE_INFINITY;
                for (int i = off; i < off + n; i++) {
                    max = Math.max(max, buf[i]);
                }
                double sum = 0.0;
                for (int i = off; i < off + n; i++) {
                    buf[i] = Math.exp(buf[i] - max);
                    sum += buf[i];
                }
                for (int i = off; i < off + n; i++) {
                    buf[i] /= sum;
                }
            }
            default -> throw new AssertionError(this);
        }
    }

    /**
     * f'(z) expressed through a = f(z), which is all the engine stores:
     * sigmoid' = a(1-a), tanh' = 1-a^2, relu' = [a &gt; 0] (a &gt; 0 iff z &gt; 0), identity' = 1.
     */
    double derivativeFromOutput(double a) {
        return switch (this) {
            case SIGMOID -> a * (1.0 - a);
            case TANH -> 1.0 - a * a;
            case RELU -> a > 0.0 ? 1.0 : 0.0;
            case IDENTITY -> 1.0;
            case SOFTMAX -> throw new IllegalArgumentException(
                    "SOFTMAX has no element-wise derivative (its Jacobian is diag(p) - p p^T); use jvp or jacobian");
        };
    }

    /** out = J_f(z)^T g for one row, given a = f(z). out may alias g. */
    void backpropFromOutput(double[] a, int aOff, double[] g, int gOff, double[] out, int outOff, int n) {
        if (elementWise) {
            for (int i = 0; i < n; i++) {
                out[outOff + i] = g[gOff + i] * derivativeFromOutput(a[aOff + i]);
            }
            return;
        }
        // softmax: (J^T g)_k = p_k (g_k - p.g), J symmetric
        double pDotG = 0.0;
        for (int j = 0; j < n; j++) {
            pDotG += a[aOff + j] * g[gOff + j];
        }
        for (int k = 0; k < n; k++) {
            out[outOff + k] = a[aOff + k] * (g[gOff + k] - pDotG);
        }
    }

    private double scalar(double z) {
        double[] one = {z};
        applyInPlace(one, 0, 1);
        return one[0];
    }

    private void requireElementWise(String what) {
        if (!elementWise) {
            throw new IllegalArgumentException(
                    what + " is defined for element-wise activations only, found " + this
                            + "; use jvp(z, g) or jacobian(z)");
        }
    }

    static void requireNonEmpty(double[] v, String name) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " must have at least 1 element, found "
                    + (v == null ? "null" : "length 0"));
        }
    }

    static void requireSameLength(double[] u, double[] v, String uName, String vName) {
        if (v == null || u.length != v.length) {
            throw new IllegalArgumentException(vName + " has length " + (v == null ? "null" : v.length)
                    + " but " + uName + " has length " + u.length + "; expected equal lengths");
        }
    }
}
