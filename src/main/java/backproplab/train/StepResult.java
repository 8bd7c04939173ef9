package backproplab.train;

import java.util.function.Supplier;

/**
 * One training iteration: the minibatch loss at once, the gradient statistics possibly later
 * (an engine may finish computing them on another core while the next iteration runs).
 */
public final class StepResult {
    private final double loss;
    private Supplier<GradientStats> pending;
    private GradientStats stats;

    /**
     * @param loss  minibatch mean loss (plus the L2 penalty, as DL4J reports its score), before the update
     * @param stats gradient statistics, or null when this iteration was not sampled
     */
    public StepResult(double loss, GradientStats stats) {
        this.loss = loss;
        this.stats = stats;
    }

    /** Statistics that {@code later} delivers on first request (it may block until they are ready). */
    public static StepResult deferred(double loss, Supplier<GradientStats> later) {
        StepResult r = new StepResult(loss, null);
        r.pending = later;
        return r;
    }

    public double loss() {
        return loss;
    }

    /** The statistics, or null when this iteration was not sampled; waits for deferred ones. */
    public GradientStats stats() {
        if (pending != null) {
            stats = pending.get();
            pending = null;
        }
        return stats;
    }
}
