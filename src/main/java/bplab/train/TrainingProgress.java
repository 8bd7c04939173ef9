package bplab.train;

/** What a training loop reports while it runs; the command layer decides how to show it. */
public interface TrainingProgress {
    default void epochStarted(int epoch, int epochs, int batches) {}

    default void iterationDone(int epoch, int batchInEpoch, double loss, double examplesPerSecond) {}

    default void epochFinished(EpochRecord record, int epochs) {}

    TrainingProgress NONE = new TrainingProgress() {};
}
