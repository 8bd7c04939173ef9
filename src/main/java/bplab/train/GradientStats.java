package bplab.train;

/**
 * What one iteration's backward pass looked like, per layer (index 0 = first hidden layer).
 * Gradient norms are L2 norms of the minibatch-MEAN gradient of the loss, before the
 * updater and without the L2-regularisation term.
 *
 * @param weightGradNorm  ||dL/dW_l||
 * @param biasGradNorm    ||dL/db_l||
 * @param updateRatio     ||update of W_l|| / ||W_l after the update||
 * @param outputDeltaNorm mean over the minibatch of the per-example ||dL/dz^L|| at the output layer
 */
public record GradientStats(double[] weightGradNorm, double[] biasGradNorm, double[] updateRatio, double outputDeltaNorm) {

    /** The first non-finite value, described, or null if all are finite. */
    public String firstNonFinite() {
        for (int l = 0; l < weightGradNorm.length; l++) {
            if (!Double.isFinite(weightGradNorm[l])) return "gradient of layer " + l + " weights (" + l + "_W) is " + weightGradNorm[l];
            if (!Double.isFinite(biasGradNorm[l])) return "gradient of layer " + l + " biases (" + l + "_b) is " + biasGradNorm[l];
            if (!Double.isFinite(updateRatio[l])) return "update:parameter ratio of layer " + l + " is " + updateRatio[l];
        }
        if (!Double.isFinite(outputDeltaNorm)) return "output delta norm is " + outputDeltaNorm;
        return null;
    }
}
