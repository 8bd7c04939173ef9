package bplab.spark;

import bplab.experiment.CellResult;
import java.io.Serializable;

/**
 * What a cell's task sends back to the driver: the cell's status and figures, its complete run
 * directory as zip bytes, where it ran; or, instead, a bad-input error to stop the experiment with.
 *
 * @param badInput "config", "data" or "directory" when the task met bad input (then no zip); null otherwise
 */
record CellOutcome(int index, String status, String message, double finalTestAccuracy, double bestTestAccuracy,
                   double wallSeconds, byte[] zip, String badInput, String executorId, String host, int attempt,
                   double taskSeconds) implements Serializable {

    static CellOutcome of(CellResult r, byte[] zip, String executorId, String host, int attempt, double taskSeconds) {
        return new CellOutcome(r.cell().index(), r.status().name(), r.message(), r.finalTestAccuracy(), r.bestTestAccuracy(),
                r.wallSeconds(), zip, null, executorId, host, attempt, taskSeconds);
    }

    static CellOutcome badInput(int index, String kind, String message, String executorId, String host, int attempt) {
        return new CellOutcome(index, null, message, Double.NaN, Double.NaN, Double.NaN, null, kind, executorId, host, attempt, Double.NaN);
    }
}
