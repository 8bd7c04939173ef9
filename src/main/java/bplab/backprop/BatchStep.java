package bplab.backprop;

/**
 * What one step of the hand-written trainer measured ({@code Trainer.step}). Arrays are indexed by
 * weight layer and owned by this record. The hand-written engine turns it into the engine-independent
 * {@code bplab.train.StepResult}.
 *
 * @param loss            minibatch mean data loss at the parameters before the update
 * @param l2Penalty       0.5 * l2 * sum_l ||W^l||^2 at the same parameters (0 without L2); DL4J's
 *                        score is loss + l2Penalty
 * @param weightGradNorms ||dL/dW^l||_2 of the minibatch MEAN gradient, before the updater and
 *                        WITHOUT the L2 term
 * @param biasGradNorms   ||dL/db^l||_2 likewise
 * @param updateRatios    ||W^l_after - W^l_before||_2 / ||W^l_after||_2
 * @param outputDeltaNorm (1/B) sum_x ||dL/dz^L(x)||_2
 */
public record BatchStep(double loss, double l2Penalty, double[] weightGradNorms, double[] biasGradNorms, double[] updateRatios,
                         double outputDeltaNorm) {
}
