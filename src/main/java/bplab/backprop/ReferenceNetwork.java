package bplab.backprop;

import java.util.Arrays;

/**
 * The equations of docs/backprop.md written out plainly, one method per equation, as the yardstick
 * for the optimised {@link Network} and {@link Trainer}: dense loops in double, one example at a time,
 * no threads, no skipped zeros, no reused buffers. No formula is shared with the engine: f, f',
 * L, dL/da and the deltas are computed here, not by {@link Activation}, {@link Loss} or
 * {@link OutputPair}, which serve only to name the functions and the pair's delta rule.
 * {@code ReferenceNetworkTest} checks the engine against it.
 *
 * <p>Notation as in docs/backprop.md: examples are row vectors, weight layer l = 0 .. L-1 maps
 * a^{l-1} (a^{-1} = x) to
 * <pre>
 *   z^l = a^{l-1} W^l + b^l,   a^l = f_l(z^l)                          forward        (section 5)
 *   delta^{L-1} = J_f(z)^T g,  g = dL/da                               output delta   (sections 1-3)
 *              = p - y or a - y where the algebra collapses                           (section 4)
 *   delta^l = (delta^{l+1} (W^{l+1})^T) .* f_l'(z^l)                   hidden delta   (section 5)
 *   dC/dW^l = (1/B) sum_x (a^{l-1}_x)^T delta^l_x,  dC/db^l = (1/B) sum_x delta^l_x   (section 6)
 * </pre>
 * W^l is [nIn][nOut] (DL4J's layout: {@code w[l][k][j]} connects input k to output j), so
 * {@code z = a W + b} is the column-vector {@code z = W^T a + b}.
 *
 * <p>Summation order: every sum runs over its index in increasing order, starting from 0 (z_j from
 * b_j). These are the orders {@link Network} uses in double (skipping a zero term leaves a sum
 * unchanged), so in double the two agree bit for bit; the float path agrees within float rounding.
 *
 * <p>The update (one DL4J iteration, as {@link Trainer#step}): g_W += l2 W (biases not regularised),
 * then the updater turns g into u, then theta -= u, with DL4J 1.0.0-M2.1's formulas as
 * {@link Updater} documents them, written out again here element by element.
 */
public final class ReferenceNetwork {
    private final int[] sizes;
    private final Activation[] f;
    private final OutputPair output;
    /** w[l][k][j]: weight from unit k of a^{l-1} to unit j of z^l; b[l][j]. */
    private final double[][][] w;
    private final double[][] b;
    /** Updater state: the first array (Nesterovs' v, Adam's m) and the second (Adam's v), shaped as w and b. */
    private final double[][][] wState1;
    private final double[][][] wState2;
    private final double[][] bState1;
    private final double[][] bState2;
    /** DL4J's iteration count: updates taken so far (Adam uses t = iteration + 1). */
    private int iteration;

    /**
     * @param sizes       units per layer, input first (e.g. 784, 100, 10)
     * @param activations f_l of every weight layer; the last must be output.activation()
     * @param output      the output pair and its delta rule
     */
    public ReferenceNetwork(int[] sizes, Activation[] activations, OutputPair output) {
        if (sizes == null || sizes.length < 2 || activations == null || activations.length != sizes.length - 1
                || output == null || activations[activations.length - 1] != output.activation()) {
            throw new IllegalArgumentException("need >= 2 layer sizes, one activation per weight layer ending with"
                    + " the output pair's, and an output pair; found sizes " + Arrays.toString(sizes)
                    + ", activations " + Arrays.toString(activations) + ", output " + output);
        }
        this.sizes = sizes.clone();
        this.f = activations.clone();
        this.output = output;
        int layers = sizes.length - 1;
        this.w = new double[layers][][];
        this.b = new double[layers][];
        this.wState1 = new double[layers][][];
        this.wState2 = new double[layers][][];
        this.bState1 = new double[layers][];
        this.bState2 = new double[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new double[sizes[l]][sizes[l + 1]];
            b[l] = new double[sizes[l + 1]];
            wState1[l] = new double[sizes[l]][sizes[l + 1]];
            wState2[l] = new double[sizes[l]][sizes[l + 1]];
            bState1[l] = new double[sizes[l + 1]];
            bState2[l] = new double[sizes[l + 1]];
        }
    }

    /** The same shape, activations and output pair as the engine's network (its parameters are not copied). */
    public static ReferenceNetwork like(Network net, OutputPair output) {
        Activation[] fs = new Activation[net.numLayers()];
        for (int l = 0; l < fs.length; l++) {
            fs[l] = net.activation(l);
        }
        return new ReferenceNetwork(net.layerSizes(), fs, output);
    }

    public int numLayers() {
        return w.length;
    }

    public int iteration() {
        return iteration;
    }

    /** Sets W^l from a row-major [nIn][nOut] array (Network's layout) and b^l. */
    public void setParameters(int l, double[] wRowMajor, double[] bias) {
        int nIn = sizes[l];
        int nOut = sizes[l + 1];
        Network.requireLength(wRowMajor, nIn * nOut, "W of layer " + l);
        Network.requireLength(bias, nOut, "b of layer " + l);
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < nOut; j++) {
                w[l][k][j] = wRowMajor[k * nOut + j];
            }
        }
        b[l] = bias.clone();
    }

    /** W^l as a row-major [nIn][nOut] array (Network's layout). */
    public double[] getWeights(int l) {
        return flatten(w[l]);
    }

    public double[] getBiases(int l) {
        return b[l].clone();
    }

    /** Updater state of W^l as row-major arrays: {first, second} (Nesterovs' v / Adam's m, Adam's v). */
    public double[][] weightState(int l) {
        return new double[][] {flatten(wState1[l]), flatten(wState2[l])};
    }

    // ---- forward (docs/backprop.md section 5) ----

    /** z = a W + b for one example: z_j = b_j + sum_k a_k W_kj, k = 0, 1, ... */
    static double[] affine(double[][] weights, double[] bias, double[] a) {
        int nOut = bias.length;
        double[] z = new double[nOut];
        for (int j = 0; j < nOut; j++) {
            double s = bias[j];
            for (int k = 0; k < a.length; k++) {
                s += a[k] * weights[k][j];
            }
            z[j] = s;
        }
        return z;
    }

    /** a = f(z) for one example; softmax is exp(z - max z) / sum (the shift leaves p unchanged). */
    static double[] activate(Activation fn, double[] z) {
        int n = z.length;
        double[] a = new double[n];
        if (fn == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, z[j]);
            }
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                a[j] = Math.exp(z[j] - max);
                sum += a[j];
            }
            for (int j = 0; j < n; j++) {
                a[j] = a[j] / sum;
            }
            return a;
        }
        for (int j = 0; j < n; j++) {
            a[j] = elementWise(fn, z[j]);
        }
        return a;
    }

    /** sigmoid(z) = 1 / (1 + e^-z), tanh(z), relu(z) = max(z, 0), identity(z) = z. */
    static double elementWise(Activation fn, double z) {
        return switch (fn) {
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case RELU -> z > 0.0 ? z : 0.0;
            case IDENTITY -> z;
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
        };
    }

    /**
     * f'(z) of an element-wise activation (section 2): sigmoid' = s(z)(1 - s(z)), tanh' = 1 - tanh(z)^2,
     * relu' = 1 if z &gt; 0 else 0 (DL4J's strict "&gt;"), identity' = 1.
     */
    static double derivative(Activation fn, double z) {
        return switch (fn) {
            case SIGMOID -> {
                double s = elementWise(fn, z);
                yield s * (1.0 - s);
            }
            case TANH -> {
                double t = Math.tanh(z);
                yield 1.0 - t * t;
            }
            case RELU -> z > 0.0 ? 1.0 : 0.0;
            case IDENTITY -> 1.0;
            case SOFTMAX -> throw new IllegalArgumentException("softmax has a full Jacobian, not a scalar f'");
        };
    }

    // ---- the loss and g = dL/da (sections 2 and 4; DL4J's scaling and clipping as Loss documents) ----

    /** L(a, y) for one example. */
    static double loss(Loss loss, double[] a, double[] y) {
        int n = a.length;
        double s = 0.0;
        switch (loss) {
            case MSE, L2 -> {
                for (int j = 0; j < n; j++) {
                    double e = a[j] - y[j];
                    s += e * e;
                }
                return loss == Loss.MSE ? s / n : s;
            }
            case MCXENT -> {
                for (int j = 0; j < n; j++) {
                    s += y[j] * Math.log(clip(a[j], Loss.MCXENT_CLIP_EPS));
                }
                return -s;
            }
            case XENT -> {
                for (int j = 0; j < n; j++) {
                    double c = clip(a[j], Loss.XENT_CLIP_EPS);
                    s += y[j] * Math.log(c) + (1.0 - y[j]) * Math.log(1.0 - c);
                }
                return -s;
            }
            default -> throw new AssertionError(loss);
        }
    }

    /**
     * g = dL/da for one example: MSE 2(a - y)/n, L2 2(a - y), MCXENT -y/a (0 where y = 0), XENT
     * (a - y)/(a(1 - a)): with clipLikeDl4j DL4J's form with a clipped to c, else the exact
     * -y/a + (1 - y)/(1 - a), each term only where its coefficient is non-zero.
     */
    static double[] lossGradient(Loss loss, double[] a, double[] y, boolean clipLikeDl4j) {
        int n = a.length;
        double[] g = new double[n];
        for (int j = 0; j < n; j++) {
            g[j] = switch (loss) {
                case MSE -> 2.0 * (a[j] - y[j]) / n;
                case L2 -> 2.0 * (a[j] - y[j]);
                case MCXENT -> y[j] == 0.0 ? 0.0 : -(y[j] / a[j]);
                case XENT -> {
                    if (clipLikeDl4j) {
                        double c = clip(a[j], Loss.XENT_CLIP_EPS);
                        yield (c - y[j]) / (c * (1.0 - c));
                    }
                    yield (y[j] == 0.0 ? 0.0 : -(y[j] / a[j])) + (y[j] == 1.0 ? 0.0 : (1.0 - y[j]) / (1.0 - a[j]));
                }
            };
        }
        return g;
    }

    private static double clip(double v, double eps) {
        return Math.min(Math.max(v, eps), 1.0 - eps);
    }

    // ---- output delta (sections 1-4) ----

    /**
     * delta = J_f(z)^T g (section 1). Element-wise f: J = diag(f'(z)), delta = g .* f'(z) (section 2).
     * Softmax: J = diag(p) - p p^T, delta_k = p_k (g_k - p.g) (section 3).
     */
    static double[] jacobianTransposeTimes(Activation fn, double[] z, double[] a, double[] g) {
        int n = z.length;
        double[] delta = new double[n];
        if (fn == Activation.SOFTMAX) {
            double pDotG = 0.0;
            for (int j = 0; j < n; j++) {
                pDotG += a[j] * g[j];
            }
            for (int k = 0; k < n; k++) {
                delta[k] = a[k] * (g[k] - pDotG);
            }
            return delta;
        }
        for (int k = 0; k < n; k++) {
            delta[k] = g[k] * derivative(fn, z[k]);
        }
        return delta;
    }

    /** The closed form where J^T g collapses (section 4): p - y (softmax + MCXENT), a - y (sigmoid + XENT). */
    static double[] closedForm(double[] a, double[] y) {
        double[] delta = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            delta[j] = a[j] - y[j];
        }
        return delta;
    }

    /**
     * delta^{L-1} for one example by the pair's delta rule (section 4, {@link DeltaMode}): SHORTCUT uses
     * the closed form where there is one; DL4J uses p - y for softmax + MCXENT and J^T g with DL4J's
     * clipped g elsewhere; JACOBIAN always J^T g with the exact g (NaN where g is infinite, where the
     * engine stops instead).
     */
    double[] outputDelta(double[] z, double[] a, double[] y) {
        boolean softmaxMcxent = output.activation() == Activation.SOFTMAX && output.loss() == Loss.MCXENT;
        boolean sigmoidXent = output.activation() == Activation.SIGMOID && output.loss() == Loss.XENT;
        boolean closed = switch (output.mode()) {
            case SHORTCUT -> softmaxMcxent || sigmoidXent;
            case DL4J -> softmaxMcxent;
            case JACOBIAN -> false;
        };
        if (closed) {
            return closedForm(a, y);
        }
        double[] g = lossGradient(output.loss(), a, y, output.mode() == DeltaMode.DL4J);
        return jacobianTransposeTimes(output.activation(), z, a, g);
    }

    // ---- hidden delta (section 5) ----

    /** delta^l = (delta^{l+1} (W^{l+1})^T) .* f_l'(z^l): delta_i = (sum_j delta^{l+1}_j W_ij) f'(z_i), j = 0, 1, ... */
    static double[] hiddenDelta(double[][] wNext, double[] deltaNext, Activation fn, double[] z) {
        int n = z.length;
        double[] delta = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int j = 0; j < deltaNext.length; j++) {
                s += deltaNext[j] * wNext[i][j];
            }
            delta[i] = s * derivative(fn, z[i]);
        }
        return delta;
    }

    // ---- gradients over a minibatch (section 6) ----

    /** dC/dW = (1/B) sum_x a_x^T delta_x: dW_kj = (sum_x a_{x,k} delta_{x,j}) / B, examples in order. */
    static double[][] weightGradient(double[][] aPrev, double[][] delta) {
        int batch = aPrev.length;
        int nIn = aPrev[0].length;
        int nOut = delta[0].length;
        double[][] dW = new double[nIn][nOut];
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < nOut; j++) {
                double s = 0.0;
                for (int x = 0; x < batch; x++) {
                    s += aPrev[x][k] * delta[x][j];
                }
                dW[k][j] = s / batch;
            }
        }
        return dW;
    }

    /** dC/db = (1/B) sum_x delta_x, examples in order. */
    static double[] biasGradient(double[][] delta) {
        int batch = delta.length;
        int nOut = delta[0].length;
        double[] db = new double[nOut];
        for (int j = 0; j < nOut; j++) {
            double s = 0.0;
            for (int x = 0; x < batch; x++) {
                s += delta[x][j];
            }
            db[j] = s / batch;
        }
        return db;
    }

    // ---- a whole pass ----

    /** Every layer's activations a^0 .. a^{L-1}, each [batch][n]. */
    public double[][][] forward(double[][] x) {
        int layers = numLayers();
        double[][][] a = new double[layers][x.length][];
        for (int r = 0; r < x.length; r++) {
            double[] in = x[r];
            for (int l = 0; l < layers; l++) {
                a[l][r] = activate(f[l], affine(w[l], b[l], in));
                in = a[l][r];
            }
        }
        return a;
    }

    /**
     * Forward and backward over a minibatch: mean gradients (dW row-major, as {@link Network#backprop}),
     * mean loss (1/B) sum_x L_x and mean ||delta^{L-1}_x||, each summed over examples in order.
     */
    public Gradients backprop(double[][] x, double[][] y) {
        int layers = numLayers();
        int batch = x.length;
        double[][][] z = new double[layers][batch][];
        double[][][] a = new double[layers][batch][];
        double[][][] delta = new double[layers][batch][];
        double lossSum = 0.0;
        double deltaNormSum = 0.0;
        for (int r = 0; r < batch; r++) {
            double[] in = x[r];
            for (int l = 0; l < layers; l++) {
                z[l][r] = affine(w[l], b[l], in);
                a[l][r] = activate(f[l], z[l][r]);
                in = a[l][r];
            }
            int top = layers - 1;
            lossSum += loss(output.loss(), a[top][r], y[r]);
            delta[top][r] = outputDelta(z[top][r], a[top][r], y[r]);
            deltaNormSum += norm(delta[top][r]);
            for (int l = top - 1; l >= 0; l--) {
                delta[l][r] = hiddenDelta(w[l + 1], delta[l + 1][r], f[l], z[l][r]);
            }
        }
        double[][] dW = new double[layers][];
        double[][] db = new double[layers][];
        for (int l = 0; l < layers; l++) {
            dW[l] = flatten(weightGradient(l == 0 ? x : a[l - 1], delta[l]));
            db[l] = biasGradient(delta[l]);
        }
        return new Gradients(dW, db, lossSum / batch, deltaNormSum / batch);
    }

    // ---- the update ----

    /**
     * One training step as {@link Trainer#step}: backprop at the current parameters, then for every
     * W^l: g = dC/dW + l2 W (only when l2 &gt; 0), for every b^l: g = dC/db, then theta -= u(g) by
     * {@link #update}; the iteration count goes up by one. Returns the gradients before L2.
     */
    public Gradients step(double[][] x, double[][] y, Updater updater, double l2) {
        Gradients grads = backprop(x, y);
        for (int l = 0; l < numLayers(); l++) {
            int nOut = sizes[l + 1];
            for (int k = 0; k < sizes[l]; k++) {
                double[] g = new double[nOut];
                for (int j = 0; j < nOut; j++) {
                    g[j] = grads.dW()[l][k * nOut + j];
                    if (l2 > 0.0) {
                        g[j] += l2 * w[l][k][j];
                    }
                }
                update(updater, w[l][k], g, wState1[l][k], wState2[l][k]);
            }
            update(updater, b[l], grads.db()[l].clone(), bState1[l], bState2[l]);
        }
        iteration++;
        return grads;
    }

    /**
     * theta_i -= u_i for every i of one row, u from g by the updater (DL4J 1.0.0-M2.1):
     * <pre>
     *   Sgd:       u = eta g
     *   Nesterovs: v = mu v_prev - eta g;  u = mu v_prev - (1 + mu) v
     *   Adam:      t = iteration + 1;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
     *              u = alpha_t m / (sqrt(v) + eps),  alpha_t = eta sqrt(1 - b2^t) / (1 - b1^t)
     * </pre>
     * s1 is Nesterovs' v or Adam's m, s2 Adam's v.
     */
    void update(Updater updater, double[] theta, double[] g, double[] s1, double[] s2) {
        for (int i = 0; i < theta.length; i++) {
            double u;
            if (updater instanceof Updater.Sgd sgd) {
                u = sgd.learningRate() * g[i];
            } else if (updater instanceof Updater.Nesterovs nes) {
                double mu = nes.momentum();
                double vPrev = s1[i];
                s1[i] = mu * vPrev - nes.learningRate() * g[i];
                u = mu * vPrev - (1.0 + mu) * s1[i];
            } else if (updater instanceof Updater.Adam adam) {
                int t = iteration + 1;
                double alphaT = adam.learningRate() * Math.sqrt(1.0 - Math.pow(adam.beta2(), t))
                        / (1.0 - Math.pow(adam.beta1(), t));
                s1[i] = adam.beta1() * s1[i] + (1.0 - adam.beta1()) * g[i];
                s2[i] = adam.beta2() * s2[i] + (1.0 - adam.beta2()) * g[i] * g[i];
                u = alphaT * s1[i] / (Math.sqrt(s2[i]) + adam.epsilon());
            } else {
                throw new IllegalArgumentException("unknown updater " + updater);
            }
            theta[i] = theta[i] - u;
        }
    }

    // ---- helpers ----

    private static double norm(double[] v) {
        double s = 0.0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    private static double[] flatten(double[][] m) {
        int cols = m[0].length;
        double[] out = new double[m.length * cols];
        for (int k = 0; k < m.length; k++) {
            System.arraycopy(m[k], 0, out, k * cols, cols);
        }
        return out;
    }
}
