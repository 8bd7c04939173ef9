package bplab.speed;

import bplab.backprop.Network;
import bplab.backprop.UndefinedDeltaException;
import bplab.config.Dtype;
import bplab.config.ModelConfig;
import bplab.config.RunConfig;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.dl4j.Dl4jRuntime;
import bplab.dl4j.NetworkFactory;
import bplab.handwritten.HandwrittenEngine;
import bplab.handwritten.ParameterBridge;
import bplab.train.UndefinedStepException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The "speed of learning" of each hidden layer just after initialisation, as Nielsen measures it
 * in chapter 5 of Neural Networks and Deep Learning: {@code ||dC/db^l||}, the Euclidean norm of
 * the gradient of the cost C with respect to layer l's biases, where C is the mean loss over the
 * first N training images in file order (so dC/db^l is the mean of the per-example bias
 * gradients), for every hidden layer l (the output layer is not reported).
 *
 * <p>Both engines start from {@link bplab.init.ParameterInit}'s parameters for the seed, in
 * double precision whatever the config's dtype says ({@link #configFor}), so their speeds agree to
 * rounding. The examples are processed in chunks of {@link #CHUNK} (one batch for N up to 1,000)
 * and the chunk sums added: the mean gradient is linear in the examples, so this is the same
 * number as one batch of N up to rounding, without holding 60,000 images at once.
 */
public final class LayerSpeed {
    /** Examples per forward/backward pass. */
    public static final int CHUNK = 1000;

    private LayerSpeed() {}

    /** The engines that can be measured, by their command-line names. */
    public enum Engine {
        DL4J, HANDWRITTEN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The engine of that name, or null. */
        public static Engine byLabel(String label) {
            for (Engine e : values()) if (e.label().equals(label)) return e;
            return null;
        }
    }

    /**
     * One engine's speeds for one seed.
     *
     * @param layerSizes units per layer, input first, e.g. [784, 30, 30, 10]
     * @param speeds     {@code ||dC/db^l||} for each hidden layer l, the first hidden layer first
     */
    public record Measurement(Engine engine, long seed, int examples, int[] layerSizes, double[] speeds) {
        /** Index of the first hidden layer whose speed is not finite, or -1. */
        public int firstNonFinite() {
            for (int l = 0; l < speeds.length; l++) if (!Double.isFinite(speeds[l])) return l;
            return -1;
        }
    }

    /** The config a measurement with this seed uses: the given one with that seed and dtype double. */
    public static RunConfig configFor(RunConfig config, long seed) {
        ModelConfig m = config.model();
        ModelConfig model = new ModelConfig(m.hidden(), m.output(), m.weightInit(), m.biasInit(), Dtype.DOUBLE);
        return new RunConfig(config.name(), seed, config.engine(), config.data(), model, config.training(),
                config.logging(), config.handwritten());
    }

    /**
     * Builds {@code engine}'s network for {@code config} with {@code seed} (in double) and measures
     * the speed of each hidden layer over the first {@code examples} images of {@code train}.
     */
    public static Measurement measure(RunConfig config, Engine engine, long seed, Dataset train, int examples) {
        if (config.model().hidden().isEmpty()) {
            throw new IllegalArgumentException("the network has no hidden layer; expected at least one");
        }
        checkExamples(train, examples);
        RunConfig cfg = configFor(config, seed);
        int[] sizes = cfg.model().layerSizes(Dataset.FEATURES, Dataset.CLASSES);
        double[][] db = switch (engine) {
            case DL4J -> {
                Dl4jRuntime.configure();
                yield meanBiasGradients(NetworkFactory.build(cfg), train, examples);
            }
            case HANDWRITTEN -> {
                try (HandwrittenEngine hand = new HandwrittenEngine(cfg)) {
                    yield meanBiasGradients(hand.network(), train, examples);
                }
            }
        };
        return new Measurement(engine, seed, examples, sizes, hiddenNorms(db));
    }

    /** {@code ||db^l||} for every layer but the last (the output layer). */
    public static double[] hiddenNorms(double[][] db) {
        double[] norms = new double[db.length - 1];
        for (int l = 0; l < norms.length; l++) norms[l] = norm(db[l]);
        return norms;
    }

    /**
     * DL4J: per layer, dC/db over the first n images, C the mean loss. {@code computeGradientAndScore}
     * leaves the SUM over the batch of the per-example gradients in {@code gradient()} (DL4J's updater
     * divides by the batch size later), so the sums of the chunks are added and divided by n.
     */
    public static double[][] meanBiasGradients(MultiLayerNetwork net, Dataset data, int n) {
        checkExamples(data, n);
        int layers = net.getnLayers();
        double[][] sum = new double[layers][];
        Minibatch buf = new Minibatch(Math.min(CHUNK, n));
        for (int start = 0; start < n; start += CHUNK) {
            int c = Math.min(CHUNK, n - start);
            buf.fill(data, null, start, c);
            net.setInput(Nd4j.create(toDouble(buf.features(), c * Dataset.FEATURES), new long[] {c, Dataset.FEATURES}, 'c'));
            net.setLabels(Nd4j.create(oneHot(buf.labels(), c), new long[] {c, Dataset.CLASSES}, 'c'));
            net.computeGradientAndScore();
            Map<String, INDArray> g = net.gradient().gradientForVariable();
            for (int l = 0; l < layers; l++) {
                double[] b = ParameterBridge.rowMajor(g.get(l + "_b"));
                if (sum[l] == null) sum[l] = new double[b.length];
                for (int j = 0; j < b.length; j++) sum[l][j] += b[j];
            }
        }
        for (double[] s : sum) for (int j = 0; j < s.length; j++) s[j] /= n;
        return sum;
    }

    /**
     * The hand-written engine: per layer, dC/db over the first n images. {@link Network#backprop}
     * returns the mean over its batch; each chunk's mean is weighted by its size.
     */
    public static double[][] meanBiasGradients(Network net, Dataset data, int n) {
        checkExamples(data, n);
        int layers = net.numLayers();
        double[][] sum = new double[layers][];
        Minibatch buf = new Minibatch(Math.min(CHUNK, n));
        for (int start = 0; start < n; start += CHUNK) {
            int c = Math.min(CHUNK, n - start);
            buf.fill(data, null, start, c);
            float[] x = Arrays.copyOf(buf.features(), c * Dataset.FEATURES);
            double[][] db;
            try {
                db = net.backprop(x, oneHot(buf.labels(), c), c).db();
            } catch (UndefinedDeltaException e) {
                throw new UndefinedStepException("the Jacobian delta rule is undefined for " + e.getMessage(),
                        "Set handwritten.delta_rule: shortcut (or dl4j), which forms the delta in closed form");
            }
            for (int l = 0; l < layers; l++) {
                if (sum[l] == null) sum[l] = new double[db[l].length];
                if (c == n) sum[l] = db[l]; // one chunk: the engine's own mean, untouched
                else for (int j = 0; j < db[l].length; j++) sum[l][j] += db[l][j] * c;
            }
        }
        if (n > CHUNK) for (double[] s : sum) for (int j = 0; j < s.length; j++) s[j] /= n;
        return sum;
    }

    /** |a - b| / max(|a|, |b|); 0 when a == b; NaN when either is NaN. */
    static double relativeDifference(double a, double b) {
        if (a == b) return 0;
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    private static void checkExamples(Dataset data, int n) {
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("examples: found " + n + ", expected 1.." + data.size()
                    + " (the size of " + data.name() + ")");
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    private static double[] toDouble(float[] x, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = x[i];
        return d;
    }

    private static double[] oneHot(int[] labels, int n) {
        double[] y = new double[n * Dataset.CLASSES];
        for (int i = 0; i < n; i++) y[i * Dataset.CLASSES + labels[i]] = 1.0;
        return y;
    }
}
