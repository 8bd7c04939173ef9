package bplab.train;

import bplab.data.Dataset;
import bplab.data.Minibatch;
import java.io.IOException;
import java.nio.file.Path;

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

    @Override
    default void close() {}
}
