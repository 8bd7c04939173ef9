package bplab.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.BiasInitKind;
import bplab.config.Dtype;
import bplab.config.RunConfig;
import bplab.config.WeightInitKind;
import bplab.handwritten.HandwrittenEngine;
import bplab.handwritten.ParameterBridge;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One seed, one starting point: for every weight init, bias init and dtype, the network DL4J
 * trains and the hand-written engine's network hold bit-identical parameters before the first step.
 * (train, experiment and benchmark build their engines through the same two constructors; compare
 * builds DL4J's through {@link NetworkFactory#build} and the hand-written one through the engine.)
 */
class PairedStartTest {

    static List<Arguments> inits() {
        List<Arguments> all = new ArrayList<>();
        for (WeightInitKind w : WeightInitKind.values()) {
            for (BiasInitKind b : BiasInitKind.values()) {
                for (Dtype d : Dtype.values()) all.add(Arguments.of(w, b, d));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0} weights, {1} biases, {2}")
    @MethodSource("inits")
    void bothEnginesStartFromBitIdenticalParameters(WeightInitKind w, BiasInitKind b, Dtype d) {
        RunConfig cfg = Dl4jTestSupport.config("seed=5", "model.weight_init=" + w.name().toLowerCase(Locale.ROOT),
                "model.bias_init=" + b.name().toLowerCase(Locale.ROOT), "model.dtype=" + d.name().toLowerCase(Locale.ROOT),
                "model.hidden=[{units: 24}, {units: 12, activation: relu}]");
        try (Dl4jEngine dl4j = new Dl4jEngine(cfg); HandwrittenEngine hand = new HandwrittenEngine(cfg)) {
            DataType expected = d == Dtype.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
            for (int l = 0; l < 3; l++) {
                INDArray dw = dl4j.network().getParam(l + "_W");
                INDArray db = dl4j.network().getParam(l + "_b");
                assertThat(dw.dataType()).isEqualTo(expected);
                assertBitIdentical(ParameterBridge.rowMajor(dw), hand.network().getWeights(l), l + "_W");
                assertBitIdentical(ParameterBridge.rowMajor(db), hand.network().getBiases(l), l + "_b");
            }
            // Not all zero, and the bias init took effect on both sides.
            assertThat(hand.network().getWeights(0)).contains(hand.network().getWeights(0)[0]).isNotEqualTo(new double[24 * 784]);
            if (b == BiasInitKind.ZERO) assertThat(hand.network().getBiases(0)).containsOnly(0.0);
            else assertThat(hand.network().getBiases(0)).doesNotContain(0.0);
        }
    }

    private static void assertBitIdentical(double[] dl4j, double[] hand, String name) {
        assertThat(dl4j).as(name).hasSameSizeAs(hand);
        for (int i = 0; i < dl4j.length; i++) {
            if (Double.doubleToRawLongBits(dl4j[i]) != Double.doubleToRawLongBits(hand[i])) {
                throw new AssertionError(name + "[" + i + "]: DL4J " + dl4j[i] + ", hand-written " + hand[i]);
            }
        }
    }
}
