package bplab.backprop;

import java.util.Arrays;

/**
 * Floating-point operations of one training example in a dense network, counted as a dense GEMM
 * library does them (one multiply-add = 2 FLOPs), so that examples/s convert into GFLOP/s comparable
 * with a GEMM roof. Per weight layer l mapping n_l inputs to n_{l+1} outputs:
 * <ul>
 *   <li>forward z_l = a_{l-1} W_l: 2 n_l n_{l+1};</li>
 *   <li>dW_l = a_{l-1}^T delta_l: 2 n_l n_{l+1};</li>
 *   <li>delta_{l-1} = delta_l W_l^T (every layer except l = 0, whose input needs no delta): 2 n_l n_{l+1}.</li>
 * </ul>
 * Biases, activations, the loss and the update are O(n) per layer and left out. For 784-100-10 this is
 * 319,600 FLOPs per example. The hand-written engine skips zero inputs, so on MNIST it performs fewer
 * operations than counted here: GFLOP/s from this count are dense-equivalent.
 */
public final class Flops {
    private Flops() {
    }

    /** Dense-equivalent FLOPs of one example's forward and backward pass; sizes input first, e.g. {784, 100, 10}. */
    public static long perTrainingExample(int... sizes) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("need at least 2 layer sizes (input and output), found "
                    + (sizes == null ? "null" : sizes.length));
        }
        long flops = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            if (sizes[l] < 1 || sizes[l + 1] < 1) {
                throw new IllegalArgumentException("layer sizes must be >= 1, found " + Arrays.toString(sizes));
            }
            long macs = (long) sizes[l] * sizes[l + 1];
            flops += 2 * macs * (l == 0 ? 2 : 3);
        }
        return flops;
    }

    /**
     * The FLOPs the hand-written engine performs per example with sparse input on: as
     * {@link #perTrainingExample}, but layer 0's two products (forward and dW) scaled by
     * {@code inputDensity}, the fraction of non-zero inputs, since zero inputs are left out of both.
     * The engine skips zero hidden activations as well (exact zeros: ReLU, never in practice
     * sigmoid or tanh); those are not discounted here, so with ReLU this is an upper bound.
     */
    public static double performedPerTrainingExample(double inputDensity, int... sizes) {
        if (!(inputDensity >= 0.0 && inputDensity <= 1.0)) {
            throw new IllegalArgumentException("input density must be in [0, 1], found " + inputDensity);
        }
        long dense = perTrainingExample(sizes);
        long firstLayer = 2L * 2 * sizes[0] * sizes[1];
        return dense - firstLayer + inputDensity * firstLayer;
    }

    /** GFLOP/s of a training run at this many examples per second (dense-equivalent). */
    public static double gflops(double examplesPerSecond, int... sizes) {
        return examplesPerSecond * perTrainingExample(sizes) / 1e9;
    }
}
