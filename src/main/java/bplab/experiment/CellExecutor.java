package bplab.experiment;

import java.io.IOException;

/**
 * How an experiment's pending cells are trained: one after the other or N at a time in this
 * process (the default, {@link ExperimentRunner#inProcess}), or as tasks on a cluster
 * ({@code bplab.spark}). The runner keeps the cell list, the statuses, the manifest and the
 * skipping of finished cells; an executor only trains the pending cells and hands each result
 * to {@link CellWork#finished} once the cell's directory is complete.
 */
public interface CellExecutor {
    /**
     * Trains every cell of {@code work.pending()}. Returns when all have finished (ok, diverged
     * or failed); throws the first bad-input error ({@code ConfigException}, {@code DataException},
     * {@code RunDirectoryException}) or {@code RunInterruptedException} when a stop was requested.
     * Cells reported finished before the throw stay finished.
     */
    void execute(CellWork work) throws IOException;
}
