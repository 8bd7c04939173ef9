package bplab.experiment;

import bplab.config.DataConfig;
import bplab.data.DataSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The pending cells of one experiment invocation, handed to a {@link CellExecutor}, with
 * what it needs to train them (their data, loaded once) and to report them (the listener and
 * the experiment's records, updated by {@link #finished}). Safe to use from several threads.
 */
public final class CellWork {
    private final ExperimentSpec spec;
    private final List<Cell> cells;
    private final List<Cell> pending;
    private final Path dir;
    private final Map<DataConfig, DataSplit> data;
    private final ExperimentListener listener;
    private final BooleanSupplier stopRequested;
    private final bplab.train.RunWatcher watcher;
    private final Map<Integer, CellStatus> status;
    private final Map<Integer, String> messages;
    private final CellResult[] results;

    CellWork(ExperimentSpec spec, List<Cell> cells, List<Cell> pending, Path dir, Map<DataConfig, DataSplit> data,
             ExperimentListener listener, BooleanSupplier stopRequested, bplab.train.RunWatcher watcher, Map<Integer, CellStatus> status,
             Map<Integer, String> messages, CellResult[] results) {
        this.spec = spec;
        this.cells = cells;
        this.pending = List.copyOf(pending);
        this.dir = dir;
        this.data = data;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.watcher = watcher;
        this.status = status;
        this.messages = messages;
        this.results = results;
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** The cells to train, in grid order. */
    public List<Cell> pending() {
        return pending;
    }

    /** Cells in the whole grid (for "[3/12]"). */
    public int total() {
        return cells.size();
    }

    /** The experiment directory. */
    public Path dir() {
        return dir;
    }

    public Path cellDir(Cell cell) {
        return dir.resolve(cell.dirName());
    }

    /** The cell's data, loaded (and identified) once per distinct data section before any training. */
    public DataSplit data(Cell cell) {
        return data.get(cell.config().data());
    }

    public ExperimentListener listener() {
        return listener;
    }

    /** True once the user asked to stop (Ctrl-C, SIGTERM). */
    public boolean stopRequested() {
        return stopRequested.getAsBoolean();
    }

    /** Who watches cells trained in this process (the UI); cluster tasks are not watched. */
    bplab.train.RunWatcher watcher() {
        return watcher;
    }

    BooleanSupplier stopSignal() {
        return stopRequested;
    }

    /**
     * Readies a pending cell's directory. Returns true when the cell continues from a checkpoint
     * left there by an interrupted run of the same config; otherwise empties an incomplete run
     * (refusing, with a RunDirectoryException, a directory that holds files a run does not write).
     */
    public boolean prepare(Cell cell) throws IOException {
        Path cellDir = cellDir(cell);
        if (ExperimentDirectory.resumable(cellDir, cell)) return true;
        ExperimentDirectory.clearIncomplete(cellDir);
        return false;
    }

    /** The train command line that reproduces the cell alone, recorded in its run.json. */
    public List<String> command(Cell cell) {
        List<String> command = new ArrayList<>(List.of("train", "--config", spec.base().toString()));
        for (String s : cell.settings()) command.addAll(List.of("--set", s));
        return command;
    }

    /**
     * A cell that could not be run to any result where it was sent (e.g. a cluster task that failed
     * on every attempt): its directory gets only cell.json with the message, it counts as failed,
     * and a rerun starts it afresh.
     */
    public CellResult failedWithoutRun(Cell cell, String message) throws IOException {
        java.nio.file.Files.createDirectories(cellDir(cell));
        ExperimentDirectory.writeCellRecord(cellDir(cell), spec.source(), cell, CellStatus.FAILED, message);
        return new CellResult(cell, CellStatus.FAILED, Double.NaN, Double.NaN, Double.NaN, message);
    }

    /**
     * Records a finished cell, whose directory is complete: its status in experiment.json, then
     * the listener. Called once per cell, from any thread.
     */
    public void finished(CellResult result) throws IOException {
        int i = result.cell().index();
        status.put(i, result.status());
        messages.put(i, result.message());
        results[i] = result;
        ExperimentDirectory.writeManifest(dir, spec, cells, status, messages);
        listener.cellFinished(result, cells.size());
    }
}
