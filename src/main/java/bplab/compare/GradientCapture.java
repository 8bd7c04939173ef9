package bplab.compare;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import bplab.handwritten.ParameterBridge;

/**
 * Copies DL4J's full gradient out of {@code fit} before the updater touches it. At
 * {@code onGradientCalculation} the arrays hold the minibatch SUM; they are divided by the
 * batch size here so they compare directly with the hand-written engine's mean gradient.
 */
final class GradientCapture extends BaseTrainingListener {
    private final int layers;
    private int batchSize;
    double[][] weights;
    double[][] biases;

    GradientCapture(int layers) {
        this.layers = layers;
    }

    void expect(int batchSize) {
        this.batchSize = batchSize;
        this.weights = null;
        this.biases = null;
    }

    @Override
    public void onGradientCalculation(Model model) {
        Map<String, INDArray> g = model.gradient().gradientForVariable();
        weights = new double[layers][];
        biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = scaled(ParameterBridge.rowMajor(g.get(l + "_W")));
            biases[l] = scaled(ParameterBridge.rowMajor(g.get(l + "_b")));
        }
    }

    private double[] scaled(double[] sum) {
        for (int i = 0; i < sum.length; i++) sum[i] /= batchSize;
        return sum;
    }
}
