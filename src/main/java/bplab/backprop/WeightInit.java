package bplab.backprop;

import java.util.SplittableRandom;

/**
 * Weight initialisation schemes named as in DL4J (biases always start at 0). Draws are seeded and
 * deterministic but not bit-identical to DL4J's generator; copy DL4J's initial weights in when two
 * engines must start from the same point.
 */
public enum WeightInit {
    /** N(0, 2/(fanIn + fanOut)), not truncated (DL4J XAVIER). */
    XAVIER,
    /** U(-s, s), s = sqrt(6/(fanIn + fanOut)) (DL4J XAVIER_UNIFORM). */
    XAVIER_UNIFORM,
    /** N(0, 2/fanIn) (He; DL4J RELU). */
    RELU,
    /** N(0, 1), Nielsen's choice in "Neural Networks and Deep Learning" ch. 1. */
    NORMAL_UNIT;

    /** fanIn * fanOut weights in row-major [fanIn][fanOut] order, drawn from rng. */
    public double[] draw(int fanIn, int fanOut, SplittableRandom rng) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fanIn and fanOut must be >= 1, found fanIn=" + fanIn
                    + ", fanOut=" + fanOut);
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng must be non-null");
        }
        double[] w = new double[fanIn * fanOut];
        switch (this) {
            case XAVIER -> fillNormal(w, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
            case RELU -> fillNormal(w, Math.sqrt(2.0 / fanIn), rng);
            case NORMAL_UNIT -> fillNormal(w, 1.0, rng);
            case XAVIER_UNIFORM -> {
                double s = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < w.length; i++) {
                    w[i] = rng.nextDouble(-s, s);
                }
            }
            default -> throw new AssertionError(this);
        }
        return w;
    }

    private static void fillNormal(double[] w, double std, SplittableRandom rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = std * rng.nextGaussian();
        }
    }
}
