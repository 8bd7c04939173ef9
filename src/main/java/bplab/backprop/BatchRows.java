package bplab.backprop;

/**
 * The examples of a minibatch, written on demand: a training step asks each thread to write the
 * rows it works on, so that filling the batch is split over the threads like the rest of the step
 * (rather than done by the caller while the other threads wait). Must be safe to call from several
 * threads at once for different rows.
 */
@FunctionalInterface
public interface BatchRows {
    /** Writes example r of the batch (nIn values) into x from index row * nIn. */
    void copy(int r, float[] x, int row);
}
