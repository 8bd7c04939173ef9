package bplab.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

class NetworkFactoryTest {

    @ParameterizedTest
    @EnumSource(OutputConfig.class)
    void eachOutputConfigBuildsTheLossAndActivationItNames(OutputConfig output) {
        RunConfig cfg = Dl4jTestSupport.config("model.output=" + output.yamlName());
        MultiLayerConfiguration conf = NetworkFactory.configuration(cfg);
        OutputLayer layer = (OutputLayer) conf.getConf(1).getLayer();
        Class<?> loss = switch (output.loss()) {
            case MSE -> LossMSE.class;
            case L2 -> LossL2.class;
            case MCXENT -> LossMCXENT.class;
            case XENT -> LossBinaryXENT.class;
        };
        Class<?> activation = switch (output.activation()) {
            case SOFTMAX -> ActivationSoftmax.class;
            case SIGMOID -> ActivationSigmoid.class;
            case IDENTITY -> ActivationIdentity.class;
            case TANH -> ActivationTanH.class;
            case RELU -> throw new AssertionError("no relu output configs");
        };
        // LossMSE extends LossL2 in DL4J: compare exact classes.
        assertThat(layer.getLossFn().getClass()).isEqualTo(loss);
        assertThat(layer.getActivationFn().getClass()).isEqualTo(activation);
        assertThat(layer.getNOut()).isEqualTo(10);
    }

    @Test
    void hiddenLayersUpdaterDtypeAndL2ComeFromTheConfig() {
        RunConfig cfg = Dl4jTestSupport.config("model.hidden=[{units: 30, activation: relu}, {units: 20, activation: tanh}]",
                "model.dtype=double", "training.updater={type: nesterov, learning_rate: 0.05, momentum: 0.8}", "training.l2=0.001");
        MultiLayerConfiguration conf = NetworkFactory.configuration(cfg);
        assertThat(conf.getConfs()).hasSize(3);
        DenseLayer first = (DenseLayer) conf.getConf(0).getLayer();
        assertThat(first.getNIn()).isEqualTo(784);
        assertThat(first.getNOut()).isEqualTo(30);
        assertThat(first.getActivationFn().toString()).isEqualTo("relu");
        assertThat(((DenseLayer) conf.getConf(1).getLayer()).getActivationFn()).isInstanceOf(ActivationTanH.class);
        assertThat(conf.getDataType()).isEqualTo(DataType.DOUBLE);
        Nesterovs updater = (Nesterovs) first.getIUpdater();
        assertThat(updater.getLearningRate()).isEqualTo(0.05);
        assertThat(updater.getMomentum()).isEqualTo(0.8);
        assertThat(first.getRegularization()).hasSize(1);
        RunConfig adam = Dl4jTestSupport.config("training.updater={type: adam, learning_rate: 0.002}");
        Adam a = (Adam) ((DenseLayer) NetworkFactory.configuration(adam).getConf(0).getLayer()).getIUpdater();
        assertThat(a.getLearningRate()).isEqualTo(0.002);
        assertThat(a.getBeta2()).isEqualTo(0.999);
    }

    @Test
    void sameSeedGivesIdenticalInitialParameters() {
        RunConfig cfg = Dl4jTestSupport.config();
        assertThat(NetworkFactory.build(cfg).params()).isEqualTo(NetworkFactory.build(cfg).params());
    }
}
