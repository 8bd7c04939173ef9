package bplab.handwritten;

import bplab.backprop.Network;
import bplab.config.ActivationKind;
import bplab.config.Dtype;
import bplab.config.HiddenLayerConfig;
import bplab.config.LossKind;
import bplab.config.ModelConfig;
import bplab.config.RunConfig;
import bplab.config.UpdaterConfig;
import bplab.config.WeightInitKind;
import bplab.data.Dataset;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a hand-written network as a DL4J model file ({@code model.zip}) without loading DL4J or
 * ND4J. Loading ND4J's native backend only to save the model cost a hand-written run about a
 * second and 100 MB of resident memory; DL4J's format is simple enough to write directly:
 * <ul>
 *   <li>{@code configuration.json}: the JSON of the {@code MultiLayerConfiguration} that
 *       {@code bplab.dl4j.NetworkFactory} builds for the same config, as DL4J writes it after
 *       {@code init()} (each layer's variables {@code W}, {@code b});</li>
 *   <li>{@code coefficients.bin}: the flattened parameter vector in ND4J's binary array format,
 *       each layer's W in column-major order ([nIn, nOut], 'f') followed by its b.</li>
 * </ul>
 * DL4J's {@code ModelSerializer.restoreMultiLayerNetwork} reads the file like one it wrote;
 * {@code Dl4jModelFileTest} holds this class to DL4J's own output: the JSON tree for every
 * config choice, and the parameter bytes exactly.
 */
public final class Dl4jModelFile {
    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";

    private static final String LAYERS = "org.deeplearning4j.nn.conf.layers.";
    private static final String ACTIVATIONS = "org.nd4j.linalg.activations.impl.";
    private static final String LOSSES = "org.nd4j.linalg.lossfunctions.impl.";
    private static final String UPDATERS = "org.nd4j.linalg.learning.config.";
    private static final String WEIGHT_INITS = "org.deeplearning4j.nn.weights.";

    /** ND4J's data-type flag in an array's shape information ("extras"). */
    private static final long FLOAT_FLAG = 8192;
    private static final long DOUBLE_FLAG = 16384;
    /** ND4J's buffer header: allocation mode, then (after the length) the element type. */
    private static final String ALLOCATION_MODE = "MIXED_DATA_TYPES";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Dl4jModelFile() {}

    /** Writes {@code net}, trained under {@code config}, as a DL4J model file. */
    public static void write(Path file, RunConfig config, Network net) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            zip.putNextEntry(new ZipEntry(CONFIGURATION));
            zip.write(configurationJson(config).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(COEFFICIENTS));
            writeCoefficients(zip, net, config.model().dtype());
            zip.closeEntry();
        }
    }

    /** DL4J's JSON for the network {@code config} describes (what {@code MultiLayerConfiguration.toJson()} gives). */
    public static String configurationJson(RunConfig config) {
        try {
            return JSON.writeValueAsString(configuration(config));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    static ObjectNode configuration(RunConfig config) {
        ModelConfig model = config.model();
        String dataType = dataType(model.dtype());
        int[] sizes = model.layerSizes(Dataset.FEATURES, Dataset.CLASSES);
        List<HiddenLayerConfig> hidden = model.hidden();
        ObjectNode root = NODES.objectNode();
        root.put("backpropType", "Standard");
        root.put("cacheMode", "NONE");
        ArrayNode confs = root.putArray("confs");
        for (int l = 0; l + 1 < sizes.length; l++) {
            boolean output = l == hidden.size();
            ObjectNode conf = confs.addObject();
            conf.put("cacheMode", "NONE");
            conf.put("dataType", dataType);
            conf.put("epochCount", 0);
            conf.put("iterationCount", 0);
            ActivationKind activation = output ? model.output().activation() : hidden.get(l).activation();
            conf.set("layer", layer(config, l, sizes[l], sizes[l + 1], activation, output ? model.output().loss() : null));
            conf.put("maxNumLineSearchIterations", 5);
            conf.put("miniBatch", true);
            conf.put("minimize", true);
            conf.put("optimizationAlgo", "STOCHASTIC_GRADIENT_DESCENT");
            conf.put("seed", config.seed());
            conf.putNull("stepFunction");
            conf.putArray("variables").add("W").add("b");
        }
        root.put("dataType", dataType);
        root.put("epochCount", 0);
        root.put("inferenceWorkspaceMode", "ENABLED");
        root.putObject("inputPreProcessors");
        root.put("iterationCount", 0);
        root.put("tbpttBackLength", 20);
        root.put("tbpttFwdLength", 20);
        root.put("trainingWorkspaceMode", "ENABLED");
        root.put("validateOutputLayerConfig", true);
        return root;
    }

    /** One layer; {@code loss} is null for a hidden (dense) layer. */
    private static ObjectNode layer(RunConfig config, int index, int nIn, int nOut, ActivationKind activation,
            LossKind loss) {
        ObjectNode layer = NODES.objectNode();
        layer.put("@class", LAYERS + (loss == null ? "DenseLayer" : "OutputLayer"));
        layer.set("activationFn", activation(activation));
        layer.put("biasInit", 0.0);
        layer.putNull("biasUpdater");
        layer.putNull("constraints");
        layer.put("gainInit", 1.0);
        layer.put("gradientNormalization", "None");
        layer.put("gradientNormalizationThreshold", 1.0);
        layer.put("hasBias", true);
        if (loss == null) layer.put("hasLayerNorm", false);
        layer.putNull("idropout");
        layer.set("iupdater", updater(config.training().updater()));
        layer.put("layerName", "layer" + index);
        if (loss != null) layer.set("lossFn", loss(loss));
        layer.put("nin", nIn);
        layer.put("nout", nOut);
        ArrayNode regularization = layer.putArray("regularization");
        double l2 = config.training().l2();
        if (l2 > 0) {
            ObjectNode r = regularization.addObject();
            r.put("@class", "org.nd4j.linalg.learning.regularization.L2Regularization");
            ObjectNode schedule = r.putObject("l2");
            schedule.put("@class", "org.nd4j.linalg.schedule.FixedSchedule");
            schedule.put("value", l2);
        }
        layer.putArray("regularizationBias");
        layer.putNull("timeDistributedFormat");
        layer.set("weightInitFn", weightInit(config.model().weightInit()));
        layer.putNull("weightNoise");
        return layer;
    }

    private static ObjectNode activation(ActivationKind kind) {
        ObjectNode node = NODES.objectNode();
        switch (kind) {
            case SIGMOID -> node.put("@class", ACTIVATIONS + "ActivationSigmoid");
            case TANH -> node.put("@class", ACTIVATIONS + "ActivationTanH");
            case IDENTITY -> node.put("@class", ACTIVATIONS + "ActivationIdentity");
            case SOFTMAX -> node.put("@class", ACTIVATIONS + "ActivationSoftmax");
            case RELU -> {
                node.put("@class", ACTIVATIONS + "ActivationReLU");
                node.putNull("max");
                node.putNull("negativeSlope");
                node.putNull("threshold");
            }
        }
        return node;
    }

    private static ObjectNode loss(LossKind kind) {
        ObjectNode node = NODES.objectNode();
        switch (kind) {
            case MSE -> node.put("@class", LOSSES + "LossMSE");
            case L2 -> node.put("@class", LOSSES + "LossL2");
            case MCXENT -> {
                node.put("@class", LOSSES + "LossMCXENT");
                node.put("softmaxClipEps", 1e-10);
            }
            case XENT -> {
                node.put("@class", LOSSES + "LossBinaryXENT");
                node.put("clipEps", 1e-5);
            }
        }
        return node;
    }

    private static ObjectNode updater(UpdaterConfig u) {
        ObjectNode node = NODES.objectNode();
        switch (u.type()) {
            case SGD -> {
                node.put("@class", UPDATERS + "Sgd");
                node.put("learningRate", u.learningRate());
            }
            case NESTEROV -> {
                node.put("@class", UPDATERS + "Nesterovs");
                node.put("learningRate", u.learningRate());
                node.put("momentum", u.momentum());
            }
            case ADAM -> {
                node.put("@class", UPDATERS + "Adam");
                node.put("beta1", u.beta1());
                node.put("beta2", u.beta2());
                node.put("epsilon", u.epsilon());
                node.put("learningRate", u.learningRate());
            }
        }
        return node;
    }

    private static ObjectNode weightInit(WeightInitKind kind) {
        ObjectNode node = NODES.objectNode();
        switch (kind) {
            case XAVIER -> node.put("@class", WEIGHT_INITS + "WeightInitXavier");
            case XAVIER_UNIFORM -> node.put("@class", WEIGHT_INITS + "WeightInitXavierUniform");
            case RELU -> node.put("@class", WEIGHT_INITS + "WeightInitRelu");
            // DL4J's LECUN_NORMAL is WeightInitNormal (normal, std sqrt(1 / fanIn)).
            case LECUN_NORMAL -> node.put("@class", WEIGHT_INITS + "WeightInitNormal");
            case NORMAL_UNIT -> {
                node.put("@class", WEIGHT_INITS + "WeightInitDistribution");
                ObjectNode d = node.putObject("distribution");
                d.put("type", "org.deeplearning4j.nn.conf.distribution.NormalDistribution");
                d.put("mean", 0.0);
                d.put("std", 1.0);
            }
        }
        return node;
    }

    private static String dataType(Dtype dtype) {
        return dtype == Dtype.DOUBLE ? "DOUBLE" : "FLOAT";
    }

    /**
     * The parameter vector as ND4J writes a rank-1 array: its shape information (a LONG buffer of
     * rank, shape, stride, data-type flag, element-wise stride, order 'c'), then its data buffer
     * (the length, the type name, the values big-endian). Values are rounded to float for a float
     * network, as DL4J's cast does.
     */
    static void writeCoefficients(OutputStream out, Network net, Dtype dtype) throws IOException {
        int[] sizes = net.layerSizes();
        long length = 0;
        for (int l = 0; l + 1 < sizes.length; l++) length += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        data.writeUTF(ALLOCATION_MODE);
        data.writeLong(6);
        data.writeUTF("LONG");
        for (long v : new long[] {1, length, 1, dtype == Dtype.DOUBLE ? DOUBLE_FLAG : FLOAT_FLAG, 1, 'c'}) {
            data.writeLong(v);
        }
        data.writeUTF(ALLOCATION_MODE);
        data.writeLong(length);
        data.writeUTF(dataType(dtype));
        for (int l = 0; l + 1 < sizes.length; l++) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            double[] w = net.getWeights(l);
            for (int j = 0; j < nOut; j++) {
                for (int i = 0; i < nIn; i++) write(data, w[i * nOut + j], dtype);
            }
            for (double b : net.getBiases(l)) write(data, b, dtype);
        }
        data.flush();
    }

    private static void write(DataOutputStream data, double v, Dtype dtype) throws IOException {
        if (dtype == Dtype.DOUBLE) {
            data.writeDouble(v);
        } else {
            data.writeFloat((float) v);
        }
    }
}
