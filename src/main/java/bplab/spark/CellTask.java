package bplab.spark;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.DataException;
import bplab.data.DataSplit;
import bplab.experiment.Cell;
import bplab.experiment.CellResult;
import bplab.experiment.CellTraining;
import bplab.train.RunDirectory;
import bplab.train.TrainingProgress;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One cell as a Spark task: everything it needs travels with it (the resolved config as YAML,
 * the cell's settings, a checkpointed run directory to continue from, and a handle to the
 * broadcast data), it trains into a directory of its own under the executor's scratch space,
 * and returns that directory zipped. Nothing it does is seen outside the task until the driver
 * installs the result, so a retried or killed attempt leaves nothing behind in the experiment.
 */
final class CellTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String label;
    private final String dirName;
    private final LinkedHashMap<String, String> values;
    private final ArrayList<String> settings;
    private final String configYaml;
    private final ArrayList<String> command;
    private final String experimentSource;
    private final byte[] resumeZip;
    private final Broadcast<ShippedData> data;
    private final String dataMd5;
    private final SparkCells.Engines engines;

    CellTask(Cell cell, String configYaml, List<String> command, String experimentSource, byte[] resumeZip,
             Broadcast<ShippedData> data, String dataMd5, SparkCells.Engines engines) {
        this.index = cell.index();
        this.label = cell.label();
        this.dirName = cell.dirName();
        this.values = new LinkedHashMap<>(cell.values());
        this.settings = new ArrayList<>(cell.settings());
        this.configYaml = configYaml;
        this.command = new ArrayList<>(command);
        this.experimentSource = experimentSource;
        this.resumeZip = resumeZip;
        this.data = data;
        this.dataMd5 = dataMd5;
        this.engines = engines;
    }

    /** Runs on an executor. */
    CellOutcome run() throws IOException {
        long start = System.nanoTime();
        TaskContext ctx = TaskContext.get();
        String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
        String host = hostName();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        BooleanSupplier killed = ctx == null ? () -> Thread.currentThread().isInterrupted() : ctx::isInterrupted;
        Path scratch = Files.createTempDirectory(scratchRoot(), "bplab-cell-");
        try {
            DataSplit split = data.value().open(dataMd5);
            RunConfig config = new ConfigLoader().parse("config of cell " + label, configYaml);
            Cell cell = new Cell(index, label, dirName, values, settings, config);
            Path cellDir = Files.createDirectories(scratch.resolve(dirName));
            if (resumeZip != null) DirectoryZip.unzip(resumeZip, cellDir);
            CellResult r = CellTraining.train(engines, killed, Path.of(experimentSource), cell, cellDir, resumeZip != null, command,
                    split, TrainingProgress.NONE, bplab.train.RunWatcher.NONE);
            return CellOutcome.of(r, DirectoryZip.zip(cellDir), executor, host, attempt, (System.nanoTime() - start) / 1e9);
        } catch (ConfigException e) {
            return CellOutcome.badInput(index, "config", e.getMessage(), executor, host, attempt);
        } catch (DataException e) {
            return CellOutcome.badInput(index, "data", e.getMessage(), executor, host, attempt);
        } catch (RunDirectory.RunDirectoryException e) {
            return CellOutcome.badInput(index, "directory", e.getMessage(), executor, host, attempt);
        } finally {
            DirectoryZip.deleteTree(scratch);
        }
    }

    /** The executor's per-application scratch directory (Spark removes it when the executor ends normally). */
    private static Path scratchRoot() {
        try {
            return Path.of(SparkFiles.getRootDirectory());
        } catch (RuntimeException e) {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "?";
        }
    }
}
