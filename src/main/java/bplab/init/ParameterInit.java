package bplab.init;

import bplab.config.BiasInitKind;
import bplab.config.Dtype;
import bplab.config.ModelConfig;
import bplab.config.RunConfig;
import bplab.config.WeightInitKind;
import java.util.SplittableRandom;

/**
 * The one place that draws a network's initial parameters. Both engines take what it produces,
 * so a seed gives DL4J and the hand-written engine bit-identical starting points (DL4J's own
 * generator is never used for a run's parameters).
 *
 * <p>Draws are deterministic functions of (layer sizes, kinds, seed): weights come from one
 * {@code SplittableRandom(seed)}, layer by layer, each W row-major [fanIn][fanOut]; biases come
 * from a second, independent generator, so switching the bias init leaves the weights unchanged.
 * With dtype float every value is rounded to the nearest float here, once, so both engines store
 * the same float values.
 */
public final class ParameterInit {
    /** Mixed into the seed for the bias generator, so bias draws never repeat weight draws. */
    private static final long BIAS_STREAM = 0x5DEECE66DL;

    private ParameterInit() {}

    /** The initial parameters of the network a config describes. */
    public static InitialParameters of(RunConfig config, int inputs, int outputs) {
        ModelConfig m = config.model();
        return draw(m.layerSizes(inputs, outputs), m.weightInit(), m.biasInit(), m.dtype(), config.seed());
    }

    public static InitialParameters draw(int[] sizes, WeightInitKind weights, BiasInitKind biases, Dtype dtype, long seed) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("need at least 2 layer sizes, found "
                    + (sizes == null ? "null" : sizes.length));
        }
        if (weights == null || biases == null || dtype == null) {
            throw new IllegalArgumentException("weight init, bias init and dtype must be non-null, found "
                    + weights + ", " + biases + ", " + dtype);
        }
        int layers = sizes.length - 1;
        double[][] w = new double[layers][];
        double[][] b = new double[layers][];
        SplittableRandom weightRng = new SplittableRandom(seed);
        SplittableRandom biasRng = new SplittableRandom(seed ^ BIAS_STREAM);
        for (int l = 0; l < layers; l++) {
            w[l] = weights(weights, sizes[l], sizes[l + 1], weightRng);
            b[l] = biases(biases, sizes[l + 1], biasRng);
            if (dtype == Dtype.FLOAT) {
                roundToFloat(w[l]);
                roundToFloat(b[l]);
            }
        }
        return new InitialParameters(sizes, w, b);
    }

    /** fanIn * fanOut weights, row-major [fanIn][fanOut]. */
    static double[] weights(WeightInitKind kind, int fanIn, int fanOut, SplittableRandom rng) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fanIn and fanOut must be >= 1, found fanIn=" + fanIn + ", fanOut=" + fanOut);
        }
        double[] w = new double[fanIn * fanOut];
        switch (kind) {
            case XAVIER -> fillNormal(w, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
            case RELU -> fillNormal(w, Math.sqrt(2.0 / fanIn), rng);
            case LECUN_NORMAL -> fillNormal(w, Math.sqrt(1.0 / fanIn), rng);
            case NORMAL_UNIT -> fillNormal(w, 1.0, rng);
            case XAVIER_UNIFORM -> {
                double s = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < w.length; i++) w[i] = rng.nextDouble(-s, s);
            }
        }
        return w;
    }

    static double[] biases(BiasInitKind kind, int n, SplittableRandom rng) {
        double[] b = new double[n];
        if (kind == BiasInitKind.NORMAL_UNIT) fillNormal(b, 1.0, rng);
        return b;
    }

    private static void fillNormal(double[] v, double std, SplittableRandom rng) {
        for (int i = 0; i < v.length; i++) v[i] = std * rng.nextGaussian();
    }

    private static void roundToFloat(double[] v) {
        for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
    }
}
