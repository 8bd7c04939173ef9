package bplab.train;

/**
 * One training iteration, measured at the parameters before its update.
 *
 * @param loss      minibatch mean data loss (the L2 penalty not included, so it compares with test loss)
 * @param l2Penalty 0.5 * l2 * sum_l ||W^l||^2 (0 without L2); DL4J's score is loss + l2Penalty
 * @param stats     gradient statistics, or null when this iteration was not sampled
 */
public record StepResult(double loss, double l2Penalty, GradientStats stats) {}
