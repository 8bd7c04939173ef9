package bplab.backprop;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares the engine's analytic gradients with finite differences of the loss, in double, on a small
 * random network 4-5-4-3 with a batch of 3 one-hot examples.
 *
 * <p>The numeric derivative is the fourth-order central difference
 * (-L(t+2h) + 8 L(t+h) - 8 L(t-h) + L(t-2h)) / (12 h), h = 1e-4: its truncation error is O(h^4) and
 * its rounding error O(eps_machine / h), both far below 1e-6 relative for gradients of ordinary size.
 * The relative error of one parameter is |analytic - numeric| / max(|analytic|, |numeric|); parameters
 * where both are below 1e-8 in absolute value are skipped.
 */
public final class GradientCheck {
    /** Parameters whose analytic and numeric gradients are both below this are skipped. */
    public static final double MIN_ABS = 1e-8;
    private static final double H = 1e-4;
    private static final int[] SIZES = {4, 5, 4, 3};
    private static final int BATCH = 3;

    private GradientCheck() {
    }

    /** One network configuration to check. */
    public record Combo(Activation hidden, Activation output, Loss loss) {
        public Combo {
            if (hidden == null || hidden == Activation.SOFTMAX) {
                throw new IllegalArgumentException("hidden activation must be SIGMOID, TANH, RELU or IDENTITY, found " + hidden);
            }
            OutputPair.of(output, loss);
        }

        @Override
        public String toString() {
            return "hidden " + hidden + ", output " + output + " + " + loss;
        }
    }

    /**
     * @param maxRelativeError largest relative error over all checked parameters
     * @param checked          parameters compared
     * @param skipped          parameters skipped (both gradients below {@link #MIN_ABS})
     */
    public record Result(Combo combo, double maxRelativeError, int checked, int skipped) {
    }

    /** Every hidden activation (SIGMOID, TANH, RELU, IDENTITY) with every valid output pair. */
    public static List<Combo> validCombos() {
        List<Combo> combos = new ArrayList<>();
        for (Activation hidden : Activation.values()) {
            if (hidden == Activation.SOFTMAX) {
                continue;
            }
            for (OutputPair pair : OutputPair.validPairs()) {
                combos.add(new Combo(hidden, pair.activation(), pair.loss()));
            }
        }
        return List.copyOf(combos);
    }

    public static Result check(Combo combo, DeltaMode mode, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        try (Network net = Network.builder().layers(SIZES).hidden(combo.hidden())
                .output(OutputPair.of(combo.output(), combo.loss(), mode))
                .threads(1).build()) {
            // A random point to check at: weights N(0, 2/(fanIn + fanOut)), biases N(0, 0.01).
            for (int l = 0; l < net.numLayers(); l++) {
                double std = Math.sqrt(2.0 / (SIZES[l] + SIZES[l + 1]));
                double[] w = new double[SIZES[l] * SIZES[l + 1]];
                for (int i = 0; i < w.length; i++) {
                    w[i] = std * rng.nextGaussian();
                }
                double[] b = new double[SIZES[l + 1]];
                for (int j = 0; j < b.length; j++) {
                    b[j] = 0.1 * rng.nextGaussian();
                }
                net.setParameters(l, w, b);
            }
            double[] x = new double[BATCH * SIZES[0]];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            int nOut = SIZES[SIZES.length - 1];
            double[] y = new double[BATCH * nOut];
            for (int r = 0; r < BATCH; r++) {
                y[r * nOut + rng.nextInt(nOut)] = 1.0;
            }
            Comparison c = compare(net, x, y, BATCH, net.backprop(x, y, BATCH));
            return new Result(combo, c.maxRelativeError(), c.checked(), c.skipped());
        }
    }

    /** What {@link #compare} found: the largest relative error, parameters compared and skipped. */
    record Comparison(double maxRelativeError, int checked, int skipped) {
    }

    /**
     * Compares a claimed gradient of {@code net}'s mean loss on (x, y) with the finite differences of that
     * loss at every weight and bias; {@code net}'s parameters are restored afterwards. The claimed gradient
     * normally comes from {@code net.backprop}; the tests also hand it one derived on paper, or a wrong one.
     */
    static Comparison compare(Network net, double[] x, double[] y, int batch, Gradients analytic) {
        double maxRel = 0.0;
        int checked = 0;
        int skipped = 0;
        for (int l = 0; l < net.numLayers(); l++) {
            for (int kind = 0; kind < 2; kind++) {
                boolean isW = kind == 0;
                double[] theta = isW ? net.getWeights(l) : net.getBiases(l);
                double[] grad = isW ? analytic.dW()[l] : analytic.db()[l];
                for (int i = 0; i < theta.length; i++) {
                    double numeric = numericDerivative(net, l, isW, theta, i, x, y, batch);
                    double a = grad[i];
                    if (Math.abs(a) < MIN_ABS && Math.abs(numeric) < MIN_ABS) {
                        skipped++;
                        continue;
                    }
                    checked++;
                    double rel = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric));
                    maxRel = Math.max(maxRel, rel);
                }
            }
        }
        return new Comparison(maxRel, checked, skipped);
    }

    /** dL/dtheta_i ~ (-L(t+2h) + 8 L(t+h) - 8 L(t-h) + L(t-2h)) / (12 h). */
    private static double numericDerivative(Network net, int layer, boolean isW, double[] theta, int i,
                                            double[] x, double[] y, int batch) {
        double t = theta[i];
        double lPlus2 = lossAt(net, layer, isW, theta, i, t + 2 * H, x, y, batch);
        double lPlus1 = lossAt(net, layer, isW, theta, i, t + H, x, y, batch);
        double lMinus1 = lossAt(net, layer, isW, theta, i, t - H, x, y, batch);
        double lMinus2 = lossAt(net, layer, isW, theta, i, t - 2 * H, x, y, batch);
        lossAt(net, layer, isW, theta, i, t, x, y, batch);
        return (-lPlus2 + 8 * lPlus1 - 8 * lMinus1 + lMinus2) / (12 * H);
    }

    private static double lossAt(Network net, int layer, boolean isW, double[] theta, int i, double value,
                                 double[] x, double[] y, int batch) {
        theta[i] = value;
        if (isW) {
            net.setWeights(layer, theta);
        } else {
            net.setBiases(layer, theta);
        }
        return net.loss(x, y, batch);
    }
}
