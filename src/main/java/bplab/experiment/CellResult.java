package bplab.experiment;

/**
 * The outcome of one cell.
 *
 * @param finalTestAccuracy NaN when the cell has no summary (diverged, failed)
 * @param wallSeconds       NaN when unknown
 * @param message           why it diverged or failed; empty otherwise
 */
public record CellResult(Cell cell, CellStatus status, double finalTestAccuracy, double bestTestAccuracy,
                         double wallSeconds, String message) {}
