package backproplab.dl4j;

import backproplab.train.GradientStats;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads one iteration's gradients from DL4J while they are still raw.
 *
 * <p>Order inside {@code fit}: forward pass ({@link #onForwardPass}), gradient computation
 * ({@link #onGradientCalculation}: the arrays hold the minibatch SUM of per-example
 * gradients, so norms are divided by the batch size), then the updater divides by the batch
 * size and overwrites the same arrays with the update, which {@link #iterationDone} reads for
 * the update:parameter ratio. Only armed iterations are measured; the others cost nothing.
 */
final class GradientStatsListener extends BaseTrainingListener {
    private final int layers;
    private boolean armed;
    private int batchSize;
    private INDArray labels;
    private INDArray outputLayerInput;
    private double[] weightNorm;
    private double[] biasNorm;
    private double[] updateRatio;
    private double outputDeltaNorm;
    private GradientStats result;

    GradientStatsListener(int layers) {
        this.layers = layers;
    }

    /** Measure the next iteration, on a minibatch of this size with these one-hot labels. */
    void arm(int batchSize, INDArray labels) {
        this.armed = true;
        this.batchSize = batchSize;
        this.labels = labels;
        this.result = null;
        this.outputLayerInput = null;
        this.weightNorm = new double[layers];
        this.biasNorm = new double[layers];
        this.updateRatio = new double[layers];
    }

    /** The statistics of the last armed iteration (null if none). */
    GradientStats take() {
        GradientStats r = result;
        result = null;
        armed = false;
        return r;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (!armed) return;
        // activations[0] is the input; activations[layers - 1] feeds the output layer.
        outputLayerInput = activations.get(layers - 1).detach(); // copy out of the activation workspace
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (!armed) return;
        Map<String, INDArray> g = model.gradient().gradientForVariable();
        for (int l = 0; l < layers; l++) {
            weightNorm[l] = g.get(l + "_W").norm2Number().doubleValue() / batchSize;
            biasNorm[l] = g.get(l + "_b").norm2Number().doubleValue() / batchSize;
        }
        outputDeltaNorm = outputDelta((MultiLayerNetwork) model);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!armed) return;
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        Map<String, INDArray> update = net.gradient().gradientForVariable();
        for (int l = 0; l < layers; l++) {
            double u = update.get(l + "_W").norm2Number().doubleValue();
            double w = net.getParam(l + "_W").norm2Number().doubleValue();
            updateRatio[l] = w == 0 ? Double.NaN : u / w;
        }
        result = new GradientStats(weightNorm, biasNorm, updateRatio, outputDeltaNorm);
        armed = false;
    }

    /** Mean over the batch of ||dL/dz^L|| per example, from the loss function's own gradient. */
    private double outputDelta(MultiLayerNetwork net) {
        if (outputLayerInput == null) return Double.NaN;
        BaseOutputLayer<?> out = (BaseOutputLayer<?>) net.getOutputLayer();
        org.deeplearning4j.nn.conf.layers.BaseOutputLayer conf =
                (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) out.conf().getLayer();
        int l = layers - 1;
        INDArray z = outputLayerInput.mmul(net.getParam(l + "_W")).addiRowVector(net.getParam(l + "_b"));
        INDArray delta = conf.getLossFn().computeGradient(labels, z, conf.getActivationFn(), null);
        return delta.norm2(1).sumNumber().doubleValue() / batchSize;
    }
}
