package bplab.handwritten;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.backprop.Network;
import bplab.config.ActivationKind;
import bplab.config.ConfigLoader;
import bplab.config.Dtype;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import bplab.config.UpdaterType;
import bplab.config.WeightInitKind;
import bplab.dl4j.NetworkFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model file the hand-written engine writes without ND4J, held to the one DL4J writes itself
 * ({@code ModelSerializer.writeModel} of the {@link NetworkFactory} network holding the same
 * parameters): the configuration JSON as a tree for every choice a config can make, the parameter
 * bytes exactly, and the restored network's outputs.
 */
class Dl4jModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RunConfig config(String... overrides) {
        return new ConfigLoader().load(Path.of("config/ce-softmax.yaml"), List.of(overrides));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Every output pair with every hidden activation, every updater with every weight init, l2 and dtype. */
    static List<List<String>> configs() {
        List<List<String>> all = new ArrayList<>();
        for (OutputConfig out : OutputConfig.values()) {
            for (ActivationKind act : ActivationKind.values()) {
                if (act == ActivationKind.SOFTMAX) continue; // refused for hidden layers
                all.add(List.of("model.output=" + lower(out), "model.hidden[0].activation=" + lower(act)));
            }
        }
        for (UpdaterType u : UpdaterType.values()) {
            for (WeightInitKind w : WeightInitKind.values()) {
                for (String l2 : List.of("0.0", "0.0003")) {
                    for (Dtype d : Dtype.values()) {
                        List<String> c = new ArrayList<>(List.of("training.updater.type=" + lower(u),
                                "model.weight_init=" + lower(w), "training.l2=" + l2, "model.dtype=" + lower(d),
                                "training.updater.learning_rate=0.07", "seed=" + (7 + all.size())));
                        if (u == UpdaterType.NESTEROV) c.add("training.updater.momentum=0.8");
                        if (u == UpdaterType.ADAM) {
                            c.addAll(List.of("training.updater.beta1=0.85", "training.updater.beta2=0.995",
                                    "training.updater.epsilon=1e-7"));
                        }
                        all.add(c);
                    }
                }
            }
        }
        all.add(List.of("model.hidden=[]", "model.output=mse_tanh"));
        all.add(List.of("model.hidden=[{units: 30, activation: relu}, {units: 20, activation: tanh}, {units: 12}]",
                "model.output=xent_sigmoid", "model.dtype=double"));
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void configurationIsDl4jsOwnJson(List<String> overrides) throws IOException {
        RunConfig cfg = config(overrides.toArray(String[]::new));
        MultiLayerNetwork dl4j = NetworkFactory.build(cfg);
        MultiLayerConfiguration expected = dl4j.getLayerWiseConfigurations();
        String ours = Dl4jModelFile.configurationJson(cfg);

        assertThat(JSON.readTree(ours)).isEqualTo(JSON.readTree(expected.toJson()));
        assertThat(MultiLayerConfiguration.fromJson(ours)).isEqualTo(expected);
    }

    /** Random parameters (so that every value matters) in a hand-written network of the config. */
    private static Network randomNetwork(RunConfig cfg, long seed) {
        Network net = new HandwrittenEngine(cfg).network();
        Random r = new Random(seed);
        for (int l = 0; l < net.numLayers(); l++) {
            double[] w = net.getWeights(l);
            double[] b = net.getBiases(l);
            for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
            net.setParameters(l, w, b);
        }
        return net;
    }

    /** DL4J's own file for the same parameters: the NetworkFactory network, parameters set, ModelSerializer. */
    private static MultiLayerNetwork dl4jCopy(RunConfig cfg, Network net) {
        MultiLayerNetwork dl4j = NetworkFactory.build(cfg);
        DataType type = dl4j.getLayerWiseConfigurations().getDataType();
        int[] sizes = net.layerSizes();
        for (int l = 0; l < net.numLayers(); l++) {
            dl4j.setParam(l + "_W", Nd4j.create(net.getWeights(l), new long[] {sizes[l], sizes[l + 1]}, 'c').castTo(type));
            dl4j.setParam(l + "_b", Nd4j.create(net.getBiases(l), new long[] {1, sizes[l + 1]}, 'c').castTo(type));
        }
        return dl4j;
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = java.nio.file.Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) out.put(e.getName(), z.readAllBytes());
        }
        return out;
    }

    static List<List<String>> networks() {
        return List.of(List.of("model.dtype=float"), List.of("model.dtype=double"),
                List.of("model.hidden=[]", "model.dtype=float", "model.output=mse_sigmoid"),
                List.of("model.hidden=[{units: 17, activation: relu}, {units: 9, activation: tanh}]", "model.dtype=double"),
                List.of("model.hidden=[{units: 33}, {units: 5, activation: identity}]", "model.dtype=float",
                        "training.updater.type=adam", "training.l2=0.001"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void fileMatchesModelSerializersAndRestoresTheSameNetwork(List<String> overrides, @TempDir Path tmp) throws IOException {
        RunConfig cfg = config(overrides.toArray(String[]::new));
        Network net = randomNetwork(cfg, 11);
        Path ours = tmp.resolve("ours.zip");
        Path theirs = tmp.resolve("dl4j.zip");
        Dl4jModelFile.write(ours, cfg, net);
        MultiLayerNetwork reference = dl4jCopy(cfg, net);
        ModelSerializer.writeModel(reference, theirs.toFile(), false);

        Map<String, byte[]> a = entries(ours);
        Map<String, byte[]> b = entries(theirs);
        assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
        assertThat(a.get(Dl4jModelFile.COEFFICIENTS)).isEqualTo(b.get(Dl4jModelFile.COEFFICIENTS));
        assertThat(JSON.readTree(a.get(Dl4jModelFile.CONFIGURATION))).isEqualTo(JSON.readTree(b.get(Dl4jModelFile.CONFIGURATION)));

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(ours.toFile(), false);
        assertThat(restored.params().dataType()).isEqualTo(reference.params().dataType());
        assertThat(restored.params()).isEqualTo(reference.params());
        int[] sizes = net.layerSizes();
        for (int l = 0; l < net.numLayers(); l++) {
            double[] w = ParameterBridge.rowMajor(restored.getParam(l + "_W"));
            double[] expected = net.getWeights(l);
            for (int i = 0; i < w.length; i++) {
                double e = cfg.model().dtype() == Dtype.FLOAT ? (float) expected[i] : expected[i];
                assertThat(w[i]).as("%d_W[%d] (%d x %d)", l, i, sizes[l], sizes[l + 1]).isEqualTo(e);
            }
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, sizes[0]).castTo(reference.params().dataType());
        assertThat(restored.output(x)).isEqualTo(reference.output(x));
    }

    @Test
    void floatCoefficientsTakeFourBytesAValueAfterTheHeader() throws IOException {
        RunConfig cfg = config("model.dtype=float", "model.hidden=[]");
        Network net = randomNetwork(cfg, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Dl4jModelFile.writeCoefficients(out, net, Dtype.FLOAT);
        int params = 784 * 10 + 10;
        // header: UTF mode, long 6, UTF "LONG", 6 longs; UTF mode, long length, UTF "FLOAT"; then 4 bytes a value
        int header = (2 + 16) + 8 + (2 + 4) + 6 * 8 + (2 + 16) + 8 + (2 + 5);
        assertThat(out.size()).isEqualTo(header + 4 * params);
    }
}
