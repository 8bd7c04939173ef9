package bplab.backprop;

/**
 * The output delta of one example taken apart: g = dL/da, the Jacobian J = da/dz, the general rule
 * J^T g, and the closed form (p - y or a - y) where the pair has one. g is the exact (unclipped)
 * derivative of the loss.
 *
 * @param z               pre-activation
 * @param y               target
 * @param a               a = f(z)
 * @param loss            L(a, y)
 * @param g               dL/da
 * @param jacobian        J[i][k] = da_i/dz_k
 * @param jtg             J^T g, the delta by the general rule
 * @param shortcut        the fused delta (a - y), or null when the pair has no shortcut
 * @param shortcutFormula "p - y", "a - y", or null
 */
public record DeltaExplanation(Activation activation, Loss lossFunction, double[] z, double[] y, double[] a,
                               double loss, double[] g, double[][] jacobian, double[] jtg, double[] shortcut,
                               String shortcutFormula) {

    /** Explains the pair (which must be valid) at z with target y. */
    public static DeltaExplanation of(Activation activation, Loss lossFunction, double[] z, double[] y) {
        OutputPair pair = OutputPair.of(activation, lossFunction);
        Activation.requireNonEmpty(z, "z");
        Activation.requireSameLength(z, y, "z", "y");
        double[] a = activation.forward(z);
        double[] g = lossFunction.exactGradient(a, y);
        double[][] jac = activation.jacobian(z);
        int n = z.length;
        double[] jtg = new double[n];
        // (J^T g)_k = sum_i J[i][k] g_i, from the explicit matrix on purpose (the engine never forms J)
        for (int k = 0; k < n; k++) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                s += jac[i][k] * g[i];
            }
            jtg[k] = s;
        }
        double[] shortcut = null;
        String formula = null;
        if (pair.hasShortcut()) {
            shortcut = new double[n];
            for (int k = 0; k < n; k++) {
                shortcut[k] = a[k] - y[k];
            }
            formula = pair.deltaFormula();
        }
        return new DeltaExplanation(activation, lossFunction, z.clone(), y.clone(), a, lossFunction.value(a, y),
                g, jac, jtg, shortcut, formula);
    }

    /** The 4-class example of docs/backprop.md: softmax + MCXENT, z = (2, 1, 0.1, -1), true class 0. */
    public static DeltaExplanation example() {
        return of(Activation.SOFTMAX, Loss.MCXENT, new double[] {2.0, 1.0, 0.1, -1.0}, new double[] {1, 0, 0, 0});
    }
}
