package bplab.train;

import bplab.data.Dataset;
import bplab.data.Minibatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * A network that can be trained one minibatch at a time: DL4J or the hand-written engine.
 * The training loop, metrics files and evaluation schedule are shared, so both engines'
 * runs produce the same files.
 */
public interface TrainingEngine extends AutoCloseable {
    /** dl4j or handwritten. */
    String name();

    /** Layer widths from input to output, e.g. [784, 100, 10]. */
    int[] layerSizes();

    /** One iteration: forward, backward, update. {@code recordStats} asks for gradient statistics. */
    StepResult step(Minibatch batch, boolean recordStats);

    /** Loss, accuracy and confusion matrix on a dataset, without training. */
    Evaluation evaluate(Dataset data);

    /** Writes the model so that {@code evaluate --model} can read it back. */
    void save(Path file) throws IOException;

    /** Writes everything needed to continue training exactly: parameters, updater state, counters. */
    void saveState(Path file) throws IOException;

    /** Restores what {@link #saveState} wrote. */
    void restoreState(Path file) throws IOException;

    /** Which parameter array holds a NaN or infinity, e.g. "layer 1 weights (1_W)", or null if none. */
    String firstNonFiniteParameter();

    /**
     * The time this engine's gradient statistics took per recorded iteration since the last
     * {@link #resetStatsTiming}, in microseconds, for engines that time them apart from the step
     * (empty otherwise, e.g. when they are a by-product of the update).
     */
    default OptionalDouble statsMicrosPerIteration() {
        return OptionalDouble.empty();
    }

    /** Forgets the statistics timing so far (e.g. that of JIT warm-up). */
    default void resetStatsTiming() {}

    @Override
    default void close() {}
}
