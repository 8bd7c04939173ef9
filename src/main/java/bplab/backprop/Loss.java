package bplab.backprop;

/**
 * Per-example losses L(a, y) and their gradients dL/da, with DL4J 1.0.0-M2.1's scaling and clipping.
 * The minibatch loss is the mean over examples of {@link #value}.
 *
 * <ul>
 *   <li>MSE ({@code LossMSE}): L = (1/n) sum_j (a_j - y_j)^2, dL/da = 2 (a - y) / n. No factor 1/2.</li>
 *   <li>L2 ({@code LossL2}): L = sum_j (a_j - y_j)^2, dL/da = 2 (a - y).</li>
 *   <li>MCXENT ({@code LossMCXENT}): L = -sum_j y_j log a_j with a clipped into [1e-10, 1 - 1e-10] in
 *       the value only (DL4J clips when the activation is softmax, the only pairing this engine
 *       accepts); dL/da = -y / a, unclipped, and 0 where y_j = 0 (no term in L; -0/0 would be NaN
 *       where a_j underflowed to 0).</li>
 *   <li>XENT ({@code LossBinaryXENT}): L = -sum_j [y_j log c_j + (1 - y_j) log(1 - c_j)] with
 *       c = clip(a, 1e-5, 1 - 1e-5), in the value AND in the gradient:
 *       dL/da = (c - y) / (c (1 - c)).</li>
 * </ul>
 */
public enum Loss {
    MSE,
    L2,
    MCXENT,
    XENT;

    /** DL4J's LossMCXENT.DEFAULT_SOFTMAX_CLIPPING_EPSILON (value only). */
    public static final double MCXENT_CLIP_EPS = 1e-10;
    /** DL4J's LossBinaryXENT.DEFAULT_CLIPPING_EPSILON (value and gradient). */
    public static final double XENT_CLIP_EPS = 1e-5;

    /** L(a, y) for one example. */
    public double value(double[] a, double[] y) {
        Activation.requireNonEmpty(a, "a");
        Activation.requireSameLength(a, y, "a", "y");
        return value(a, 0, y, 0, a.length);
    }

    /** dL/da for one example, as DL4J computes it (XENT uses the clipped c). */
    public double[] gradient(double[] a, double[] y) {
        Activation.requireNonEmpty(a, "a");
        Activation.requireSameLength(a, y, "a", "y");
        double[] g = new double[a.length];
        gradient(a, 0, y, 0, g, 0, a.length, true);
        return g;
    }

    /**
     * dL/da of the unclipped loss (the textbook derivative). Differs from {@link #gradient} only for
     * XENT with a outside [1e-5, 1 - 1e-5].
     */
    public double[] exactGradient(double[] a, double[] y) {
        Activation.requireNonEmpty(a, "a");
        Activation.requireSameLength(a, y, "a", "y");
        double[] g = new double[a.length];
        gradient(a, 0, y, 0, g, 0, a.length, false);
        return g;
    }

    double value(double[] a, int aOff, double[] y, int yOff, int n) {
        double sum = 0.0;
        switch (this) {
            case MSE, L2 -> {
                for (int j = 0; j < n; j++) {
                    double e = a[aOff + j] - y[yOff + j];
                    sum += e * e;
                }
                return this == MSE ? sum / n : sum;
            }
            case MCXENT -> {
                for (int j = 0; j < n; j++) {
                    double c = clip(a[aOff + j], MCXENT_CLIP_EPS);
                    sum += y[yOff + j] * Math.log(c);
                }
                return -sum;
            }
            case XENT -> {
                for (int j = 0; j < n; j++) {
                    double c = clip(a[aOff + j], XENT_CLIP_EPS);
                    double yj = y[yOff + j];
                    sum += yj * Math.log(c) + (1.0 - yj) * Math.log(1.0 - c);
                }
                return -sum;
            }
            default -> throw new AssertionError(this);
        }
    }

    void gradient(double[] a, int aOff, double[] y, int yOff, double[] g, int gOff, int n, boolean clipLikeDl4j) {
        switch (this) {
            case MSE -> {
                // d/da (1/n) sum (a-y)^2 = 2 (a - y) / n
                for (int j = 0; j < n; j++) {
                    g[gOff + j] = 2.0 * (a[aOff + j] - y[yOff + j]) / n;
                }
            }
            case L2 -> {
                for (int j = 0; j < n; j++) {
                    g[gOff + j] = 2.0 * (a[aOff + j] - y[yOff + j]);
                }
            }
            case MCXENT -> {
                // d/da_j of -sum y log a is -y_j / a_j; an output with y_j = 0 has no term in the
                // loss, so its derivative is 0 even where a_j underflowed to 0 (where -0/0 is NaN).
                for (int j = 0; j < n; j++) {
                    double yj = y[yOff + j];
                    g[gOff + j] = yj == 0.0 ? 0.0 : -(yj / a[aOff + j]);
                }
            }
            case XENT -> {
                // d/da -[y log a + (1-y) log(1-a)] = (a - y) / (a (1 - a))
                for (int j = 0; j < n; j++) {
                    double yj = y[yOff + j];
                    if (clipLikeDl4j) {
                        double c = clip(a[aOff + j], XENT_CLIP_EPS);
                        g[gOff + j] = (c - yj) / (c * (1.0 - c));
                    } else {
                        // the same derivative as -y/a + (1 - y)/(1 - a), each term only where its
                        // coefficient is non-zero: a term absent from L contributes 0, not 0/0
                        double aj = a[aOff + j];
                        g[gOff + j] = (yj == 0.0 ? 0.0 : -(yj / aj)) + (yj == 1.0 ? 0.0 : (1.0 - yj) / (1.0 - aj));
                    }
                }
            }
            default -> throw new AssertionError(this);
        }
    }

    private static double clip(double v, double eps) {
        return Math.min(Math.max(v, eps), 1.0 - eps);
    }
}
