package bplab.experiment;

import bplab.train.TrainingProgress;

/**
 * What an experiment reports while it runs. Calls may come from several threads at once
 * when cells run in parallel; implementations synchronise as needed.
 */
public interface ExperimentListener {
    default void cellStarted(Cell cell, int total) {}

    default void cellFinished(CellResult result, int total) {}

    /** Progress within a cell's training. */
    default TrainingProgress progress(Cell cell, int total) {
        return TrainingProgress.NONE;
    }

    ExperimentListener NONE = new ExperimentListener() {};
}
