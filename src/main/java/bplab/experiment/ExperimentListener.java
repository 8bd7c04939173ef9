package bplab.experiment;

import bplab.train.TrainingProgress;

/**
 * What an experiment reports while it runs. Calls may come from several threads at once
 * when cells run in parallel; implementations synchronise as needed.
 */
public interface ExperimentListener {
    default void cellStarted(Cell cell, int total) {}

    default void cellFinished(CellResult result, int total) {}

    /** Something worth telling about a running cell that is not its end (e.g. a cluster task lost and retried). */
    default void cellNote(Cell cell, int total, String note) {}

    /** Progress within a cell's training. */
    default TrainingProgress progress(Cell cell, int total) {
        return TrainingProgress.NONE;
    }

    ExperimentListener NONE = new ExperimentListener() {};
}
