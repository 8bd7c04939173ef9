package bplab.train;

/** Training produced a NaN or infinite loss or gradient. */
public final class DivergenceException extends RuntimeException {
    private final long iteration;
    private final int epoch;

    public DivergenceException(long iteration, int epoch, String what, String advice) {
        super("training diverged at iteration " + iteration + " (epoch " + epoch + "): " + what + ". " + advice);
        this.iteration = iteration;
        this.epoch = epoch;
    }

    public long iteration() {
        return iteration;
    }

    public int epoch() {
        return epoch;
    }
}
