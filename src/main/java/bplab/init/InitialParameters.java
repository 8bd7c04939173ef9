package bplab.init;

import java.util.Arrays;

/**
 * A network's initial parameters as plain arrays: per weight layer l, W^l row-major
 * [sizes[l]][sizes[l + 1]] (DL4J's logical shape of "l_W") and b^l of length sizes[l + 1].
 * Immutable: accessors return copies.
 */
public final class InitialParameters {
    private final int[] sizes;
    private final double[][] weights;
    private final double[][] biases;

    InitialParameters(int[] sizes, double[][] weights, double[][] biases) {
        this.sizes = sizes.clone();
        this.weights = weights;
        this.biases = biases;
    }

    /** Units per layer, input first, e.g. [784, 100, 10]. */
    public int[] layerSizes() {
        return sizes.clone();
    }

    /** Number of weight layers. */
    public int layers() {
        return weights.length;
    }

    /** A copy of W^l, row-major [fanIn][fanOut]. */
    public double[] weights(int layer) {
        return weights[layer].clone();
    }

    /** A copy of b^l. */
    public double[] biases(int layer) {
        return biases[layer].clone();
    }

    @Override
    public String toString() {
        return "InitialParameters" + Arrays.toString(sizes);
    }
}
