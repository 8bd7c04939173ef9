package bplab.backprop;

import java.util.SplittableRandom;

/** Test networks with seeded random weights (the engine itself takes its parameters from outside). */
final class Nets {
    private Nets() {}

    /** Weights N(0, 2/(fanIn + fanOut)), biases 0. */
    static Network xavier(Network net, long seed) {
        return normal(net, seed, true);
    }

    /** Weights N(0, 2/fanIn), biases 0. */
    static Network relu(Network net, long seed) {
        return normal(net, seed, false);
    }

    private static Network normal(Network net, long seed, boolean xavier) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sizes = net.layerSizes();
        for (int l = 0; l < net.numLayers(); l++) {
            double std = Math.sqrt(2.0 / (xavier ? sizes[l] + sizes[l + 1] : sizes[l]));
            double[] w = new double[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < w.length; i++) w[i] = std * rng.nextGaussian();
            net.setParameters(l, w, new double[sizes[l + 1]]);
        }
        return net;
    }
}
