package bplab.experiment;

import bplab.config.ConfigException;
import bplab.data.DataException;
import bplab.data.DataSplit;
import bplab.train.DivergenceException;
import bplab.train.EngineFactory;
import bplab.train.RunDirectory;
import bplab.train.RunInterruptedException;
import bplab.train.RunSummary;
import bplab.train.TrainingProgress;
import bplab.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains one cell into a run directory and records its outcome there ({@code cell.json}): the
 * part of an experiment that is the same wherever the cell runs (in this process or in a
 * cluster task). A divergence or any other run-time failure becomes the cell's status; bad input
 * and a stop request are thrown.
 */
public final class CellTraining {
    private CellTraining() {}

    /**
     * @param cellDir an existing directory: empty for a fresh run, or holding the cell's checkpoint when {@code resume}
     * @param experimentSource the experiment file, named in cell.json
     */
    public static CellResult train(EngineFactory engines, BooleanSupplier stopRequested, Path experimentSource, Cell cell,
                                   Path cellDir, boolean resume, List<String> command, DataSplit data,
                                   TrainingProgress progress, bplab.train.RunWatcher watcher) throws IOException {
        long start = System.nanoTime();
        CellStatus status;
        String message = "";
        double finalAcc = Double.NaN;
        double bestAcc = Double.NaN;
        double wall;
        try {
            TrainingRun training = new TrainingRun(engines).stopWhen(stopRequested).watchedBy(watcher);
            RunSummary s = resume ? training.resume(cellDir, data, progress) : training.run(cell.config(), data, cellDir, command, progress);
            status = CellStatus.OK;
            finalAcc = s.finalTest().accuracy();
            bestAcc = s.bestAccuracy();
            wall = s.wallSeconds();
        } catch (DivergenceException e) {
            status = CellStatus.DIVERGED;
            message = e.getMessage();
            wall = (System.nanoTime() - start) / 1e9;
        } catch (ConfigException | DataException | RunDirectory.RunDirectoryException | RunInterruptedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            status = CellStatus.FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
            wall = (System.nanoTime() - start) / 1e9;
        }
        ExperimentDirectory.writeCellRecord(cellDir, experimentSource, cell, status, message);
        return new CellResult(cell, status, finalAcc, bestAcc, wall, message);
    }
}
