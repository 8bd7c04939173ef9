package bplab.train;

/**
 * One training iteration.
 *
 * @param loss  minibatch mean loss (plus the L2 penalty, as DL4J reports its score), before the update
 * @param stats gradient statistics, or null when this iteration was not sampled
 */
public record StepResult(double loss, GradientStats stats) {}
