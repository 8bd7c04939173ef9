package bplab.dl4j;

import bplab.config.ActivationKind;
import bplab.config.Dtype;
import bplab.config.HiddenLayerConfig;
import bplab.config.LossKind;
import bplab.config.ModelConfig;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import bplab.config.TrainingConfig;
import bplab.config.UpdaterConfig;
import bplab.config.WeightInitKind;
import bplab.data.Dataset;
import bplab.init.InitialParameters;
import bplab.init.ParameterInit;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Builds a DL4J network from a config: the place that maps config names to DL4J types. (The
 * hand-written engine writes the same configuration as JSON without loading DL4J,
 * {@code bplab.handwritten.Dl4jModelFile}; {@code Dl4jModelFileTest} holds the two to each other
 * for every config choice, so a mapping changed here fails there until it is changed there too.)
 * The network starts from {@link ParameterInit}'s parameters for the config's seed, the same
 * values the hand-written engine starts from; the weight init named in DL4J's configuration
 * only records the distribution.
 */
public final class NetworkFactory {
    private NetworkFactory() {}

    public static MultiLayerNetwork build(RunConfig config) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config));
        net.init();
        setParameters(net, ParameterInit.of(config, Dataset.FEATURES, Dataset.CLASSES));
        return net;
    }

    /** Copies every W (row-major [nIn][nOut]) and b into the network, cast to its data type. */
    public static void setParameters(MultiLayerNetwork net, InitialParameters p) {
        DataType type = net.getLayerWiseConfigurations().getDataType();
        int[] sizes = p.layerSizes();
        if (net.getnLayers() != p.layers()) {
            throw new IllegalArgumentException("the network has " + net.getnLayers() + " layers, the parameters "
                    + p.layers());
        }
        for (int l = 0; l < p.layers(); l++) {
            // setParam assigns element by element into DL4J's (column-major) view, so order does not matter.
            net.setParam(l + "_W", Nd4j.create(p.weights(l), new long[] {sizes[l], sizes[l + 1]}, 'c').castTo(type));
            net.setParam(l + "_b", Nd4j.create(p.biases(l), new long[] {1, sizes[l + 1]}, 'c').castTo(type));
        }
    }

    public static MultiLayerConfiguration configuration(RunConfig config) {
        ModelConfig model = config.model();
        TrainingConfig training = config.training();
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(dataType(model.dtype()))
                .updater(updater(training.updater()))
                .l2(training.l2());
        applyWeightInit(builder, model.weightInit());
        NeuralNetConfiguration.ListBuilder list = builder.list();
        int nIn = Dataset.FEATURES;
        int index = 0;
        for (HiddenLayerConfig hidden : model.hidden()) {
            list.layer(index++, new DenseLayer.Builder().nIn(nIn).nOut(hidden.units())
                    .activation(activation(hidden.activation())).build());
            nIn = hidden.units();
        }
        OutputConfig output = model.output();
        list.layer(index, new OutputLayer.Builder(lossFunction(output.loss())).nIn(nIn).nOut(Dataset.CLASSES)
                .activation(activation(output.activation())).build());
        return list.build();
    }

    public static DataType dataType(Dtype dtype) {
        return dtype == Dtype.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    }

    public static Activation activation(ActivationKind kind) {
        return switch (kind) {
            case SIGMOID -> Activation.SIGMOID;
            case TANH -> Activation.TANH;
            case RELU -> Activation.RELU;
            case IDENTITY -> Activation.IDENTITY;
            case SOFTMAX -> Activation.SOFTMAX;
        };
    }

    public static LossFunction lossFunction(LossKind kind) {
        return switch (kind) {
            case MSE -> LossFunction.MSE;
            case L2 -> LossFunction.L2;
            case MCXENT -> LossFunction.MCXENT;
            case XENT -> LossFunction.XENT;
        };
    }

    public static IUpdater updater(UpdaterConfig u) {
        return switch (u.type()) {
            case SGD -> new Sgd(u.learningRate());
            case NESTEROV -> new Nesterovs(u.learningRate(), u.momentum());
            case ADAM -> new Adam(u.learningRate(), u.beta1(), u.beta2(), u.epsilon());
        };
    }

    private static void applyWeightInit(NeuralNetConfiguration.Builder builder, WeightInitKind kind) {
        switch (kind) {
            case XAVIER -> builder.weightInit(WeightInit.XAVIER);
            case XAVIER_UNIFORM -> builder.weightInit(WeightInit.XAVIER_UNIFORM);
            case RELU -> builder.weightInit(WeightInit.RELU);
            case LECUN_NORMAL -> builder.weightInit(WeightInit.LECUN_NORMAL);
            case NORMAL_UNIT -> builder.weightInit(new WeightInitDistribution(new NormalDistribution(0, 1)));
        }
    }
}
