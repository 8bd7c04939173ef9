package bplab.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.backprop.Activation;
import bplab.backprop.DeltaMode;
import bplab.backprop.Network;
import bplab.backprop.Precision;
import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import bplab.dl4j.Dl4jRuntime;
import bplab.dl4j.NetworkFactory;
import bplab.handwritten.HandwrittenEngine;
import bplab.init.InitialParameters;
import bplab.init.ParameterInit;
import bplab.speed.LayerSpeed.Engine;
import bplab.speed.LayerSpeed.Measurement;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

class LayerSpeedTest {
    private static final String DEEP = "model.hidden=[{units: 12}, {units: 10, activation: tanh}, {units: 9}, {units: 8}]";
    private static Dataset train;

    @BeforeAll
    static void loadData() {
        train = DataSplit.load(config().data(), null).train();
    }

    /** Nielsen's setup on a small deep network, float in the file (the measurement switches to double). */
    private static RunConfig config(String... extra) {
        List<String> overrides = new java.util.ArrayList<>(List.of("data.train_limit=1600", "data.test_limit=10",
                "model.output=xent_sigmoid", "model.weight_init=lecun_normal", "model.bias_init=normal_unit", DEEP));
        overrides.addAll(List.of(extra));
        return new ConfigLoader().load(Path.of("config/ce-softmax.yaml"), overrides);
    }

    @ParameterizedTest
    @CsvSource({"xent_sigmoid, 3", "ce_softmax, 4", "mse_sigmoid, 5"})
    void bothEnginesAgreeToRoundingOnADeepNetwork(String output, long seed) {
        RunConfig cfg = config("model.output=" + output);
        Measurement dl4j = LayerSpeed.measure(cfg, Engine.DL4J, seed, train, 300);
        Measurement hand = LayerSpeed.measure(cfg, Engine.HANDWRITTEN, seed, train, 300);
        assertThat(dl4j.speeds()).hasSize(4);
        assertThat(dl4j.layerSizes()).containsExactly(784, 12, 10, 9, 8, 10);
        for (int l = 0; l < 4; l++) {
            assertThat(dl4j.speeds()[l]).as("layer %d", l).isPositive();
            assertThat(LayerSpeed.relativeDifference(dl4j.speeds()[l], hand.speeds()[l])).as("layer %d", l).isLessThan(1e-10);
        }
        LayerSpeedSummary summary = LayerSpeedSummary.of(List.of(dl4j, hand));
        assertThat(summary.agreements()).singleElement().satisfies(a -> assertThat(a.seed()).isEqualTo(seed));
        assertThat(summary.worstAgreement()).isLessThan(1e-10);
    }

    /**
     * The speed against a computation done another way: a network built here (not by the engine),
     * one example at a time (batch 1), the per-example bias gradients summed and divided by N,
     * with the textbook output delta (a - y for sigmoid + cross-entropy). 1,500 examples, so the
     * measurement itself goes through two chunks.
     */
    @Test
    void speedIsTheNormOfTheAverageOfPerExampleBiasGradients() {
        int n = 1500;
        long seed = 7;
        RunConfig cfg = config();
        RunConfig dbl = LayerSpeed.configFor(cfg, seed);
        Network net = Network.builder().layers(784, 12, 10, 9, 8, 10)
                .hidden(Activation.SIGMOID, Activation.TANH, Activation.SIGMOID, Activation.SIGMOID)
                .output(HandwrittenEngine.outputPair(cfg.model().output(), DeltaMode.SHORTCUT))
                .precision(Precision.DOUBLE).sparseInput(false).threads(1).build();
        InitialParameters p = ParameterInit.of(dbl, Dataset.FEATURES, Dataset.CLASSES);
        for (int l = 0; l < net.numLayers(); l++) net.setParameters(l, p.weights(l), p.biases(l));

        double[][] sum = new double[4][];
        float[] x = new float[Dataset.FEATURES];
        for (int i = 0; i < n; i++) {
            // p / 255f, as the data layer scales pixels for both engines
            for (int k = 0; k < Dataset.FEATURES; k++) x[k] = (train.pixels()[i * Dataset.FEATURES + k] & 0xff) / 255f;
            double[] y = new double[10];
            y[train.label(i)] = 1;
            double[][] db = net.backprop(x, y, 1).db();
            for (int l = 0; l < 4; l++) {
                if (sum[l] == null) sum[l] = new double[db[l].length];
                for (int j = 0; j < db[l].length; j++) sum[l][j] += db[l][j];
            }
        }
        double[] expected = new double[4];
        for (int l = 0; l < 4; l++) {
            double s = 0;
            for (double v : sum[l]) s += (v / n) * (v / n);
            expected[l] = Math.sqrt(s);
        }
        net.close();

        for (Engine engine : Engine.values()) {
            Measurement m = LayerSpeed.measure(cfg, engine, seed, train, n);
            assertThat(m.examples()).isEqualTo(n);
            for (int l = 0; l < 4; l++) {
                assertThat(LayerSpeed.relativeDifference(m.speeds()[l], expected[l]))
                        .as("%s layer %d: %s vs %s", engine, l, m.speeds()[l], expected[l]).isLessThan(1e-10);
            }
        }
        // Vanishing gradient, as in the book: each layer learns more slowly than the one above it.
        assertThat(expected[0]).isLessThan(expected[3]);
    }

    /** What the DL4J path relies on: computeGradientAndScore leaves the SUM over the batch, not the mean. */
    @Test
    void dl4jGradientOfABatchIsTheSumOverItsExamples() {
        RunConfig cfg = LayerSpeed.configFor(config(), 11);
        Dl4jRuntime.configure();
        MultiLayerNetwork net = NetworkFactory.build(cfg);
        double[] x = new double[2 * Dataset.FEATURES];
        for (int k = 0; k < Dataset.FEATURES; k++) x[k] = x[Dataset.FEATURES + k] = (train.pixels()[k] & 0xff) / 255.0;
        double[] y = new double[20];
        y[train.label(0)] = y[10 + train.label(0)] = 1;
        net.setInput(Nd4j.create(java.util.Arrays.copyOf(x, Dataset.FEATURES), new long[] {1, Dataset.FEATURES}, 'c'));
        net.setLabels(Nd4j.create(java.util.Arrays.copyOf(y, 10), new long[] {1, 10}, 'c'));
        net.computeGradientAndScore();
        double one = net.gradient().getGradientFor("0_b").norm2Number().doubleValue();
        net.setInput(Nd4j.create(x, new long[] {2, Dataset.FEATURES}, 'c'));
        net.setLabels(Nd4j.create(y, new long[] {2, 10}, 'c'));
        net.computeGradientAndScore();
        double two = net.gradient().getGradientFor("0_b").norm2Number().doubleValue();
        assertThat(one).isPositive();
        assertThat(two / one).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void oneSeedHasNoStandardDeviationAndOneEngineNoAgreement() {
        Measurement m = LayerSpeed.measure(config(), Engine.HANDWRITTEN, 1, train, 50);
        LayerSpeedSummary s = LayerSpeedSummary.of(List.of(m));
        assertThat(s.perEngine().get(Engine.HANDWRITTEN)[0].mean()).isEqualTo(m.speeds()[0]);
        assertThat(s.perEngine().get(Engine.HANDWRITTEN)[0].sd()).isNaN();
        assertThat(s.agreements()).isEmpty();
        assertThat(s.worstAgreement()).isNaN();
    }

    @Test
    void examplesOutsideTheTrainingSetAreRejected() {
        assertThatThrownBy(() -> LayerSpeed.measure(config(), Engine.HANDWRITTEN, 1, train, 1601))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 1601, expected 1..1600");
        assertThatThrownBy(() -> LayerSpeed.measure(config(), Engine.HANDWRITTEN, 1, train, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 0");
    }
}
