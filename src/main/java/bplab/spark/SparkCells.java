package bplab.spark;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.DataConfig;
import bplab.data.DataException;
import bplab.experiment.Cell;
import bplab.experiment.CellExecutor;
import bplab.experiment.CellResult;
import bplab.experiment.CellStatus;
import bplab.experiment.CellWork;
import bplab.train.EngineFactory;
import bplab.train.Provenance;
import bplab.train.RunDirectory;
import bplab.train.RunInterruptedException;
import bplab.train.TrainingRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Trains the pending cells of an experiment on a Spark cluster (or {@code local[N]}): each cell
 * is one job of one task, all submitted at once and scheduled FIFO, so the cluster's task slots
 * work through the grid in order. The driver ships each distinct data section once as a
 * broadcast (checksummed, see {@link ShippedData}), receives each cell's finished run directory
 * as zip bytes, and installs it into the experiment directory by renaming a complete temporary
 * directory into place. A stop request cancels the jobs: finished cells stay, running ones are
 * dropped and start afresh on a rerun (or from their last checkpoint, if an earlier in-process
 * run left one).
 */
public final class SparkCells implements CellExecutor {
    /** An engine factory that can travel to the executors. */
    public interface Engines extends EngineFactory, Serializable {}

    /** Job property naming the cell a job trains. */
    static final String CELL_PROPERTY = "bplab.cell";
    /** Prefix of the driver's temporary directories inside the experiment directory. */
    static final String TEMP_PREFIX = ".spark-";
    private static final long POLL_MILLIS = 100;

    private final String master;
    private final Map<String, String> settings;
    private final Engines engines;

    /**
     * @param master   a Spark master URL: {@code local[N]}, {@code spark://host:port}, ...
     * @param settings Spark settings that win over the defaults here and over {@code -Dspark.*} properties
     */
    public SparkCells(String master, Map<String, String> settings, Engines engines) {
        this.master = master;
        this.settings = new LinkedHashMap<>(settings);
        this.engines = engines;
    }

    /**
     * The Spark configuration a run uses, later entries winning: {@code $SPARK_CONF_DIR/spark-defaults.conf}
     * (as spark-submit reads it; scripts/spark-cluster.sh writes the cluster's secret there), {@code -Dspark.*}
     * properties, the defaults here, then the given settings.
     */
    SparkConf conf(String experimentName) throws IOException {
        SparkConf conf = new SparkConf(true).setMaster(master).setAppName("backprop-lab experiment " + experimentName);
        String confDir = System.getenv("SPARK_CONF_DIR");
        Path defaults = confDir == null || confDir.isBlank() ? null : Path.of(confDir, "spark-defaults.conf");
        if (defaults != null && Files.isRegularFile(defaults)) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(defaults)) {
                p.load(in);
            }
            for (String k : p.stringPropertyNames()) if (k.startsWith("spark.")) conf.setIfMissing(k, p.getProperty(k).strip());
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        if (loopbackMaster(master)) {
            // The driver listens too (its RPC endpoint, the block manager serving broadcasts and large
            // results). Left to itself Spark binds it to the machine's first non-loopback address;
            // with a master on this machine only, nothing outside needs to reach the driver.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        String omp = System.getenv("OMP_NUM_THREADS");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", omp == null || omp.isBlank() ? "1" : omp);
        settings.forEach(conf::set);
        if (!conf.contains("spark.jars")) {
            Path self = applicationJar();
            if (self != null) conf.setJars(new String[] {self.toString()});
        }
        return conf;
    }

    /** A master on this machine only: {@code local[...]}, or {@code spark://} on a loopback address. */
    static boolean loopbackMaster(String master) {
        if (master.startsWith("local")) return true;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("spark://([^:/,]+)(:\\d+)?").matcher(master);
        if (!m.matches()) return false;
        String host = m.group(1);
        return host.equals("localhost") || host.startsWith("127.");
    }

    /** The jar holding this class (shipped to the executors), or null when running from a classes directory. */
    static Path applicationJar() {
        try {
            Path p = Path.of(SparkCells.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void execute(CellWork work) throws IOException {
        removeStaleTemporaries(work.dir());
        try (JavaSparkContext sc = new JavaSparkContext(conf(work.spec().name()))) {
            new Run(sc, work).execute();
        }
    }

    /** Temporary directories a killed driver left in the experiment directory. */
    private static void removeStaleTemporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) DirectoryZip.deleteTree(p);
        }
    }

    /** One execution: the submitted jobs and what has come back. */
    private final class Run {
        private final JavaSparkContext sc;
        private final CellWork work;
        private final String group = "bplab-" + UUID.randomUUID();
        private final Map<Integer, Cell> cells = new ConcurrentHashMap<>();
        private final Map<Integer, Integer> stageToCell = new ConcurrentHashMap<>();
        private final Map<Integer, Boolean> started = new ConcurrentHashMap<>();
        private final BlockingQueue<Finished> done = new LinkedBlockingQueue<>();

        private record Finished(int cell, CellOutcome outcome, Throwable error) {}

        Run(JavaSparkContext sc, CellWork work) {
            this.sc = sc;
            this.work = work;
        }

        void execute() throws IOException {
            sc.sc().addSparkListener(new Progress());
            Map<DataConfig, Broadcast<ShippedData>> shipped = new HashMap<>();
            Map<DataConfig, String> md5 = new HashMap<>();
            ConfigLoader loader = new ConfigLoader();
            ExecutorService waiters = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "spark-cell-wait");
                t.setDaemon(true);
                return t;
            });
            int outstanding = 0;
            try {
                // every cell directory is checked (and an incomplete run cleared) before any task starts
                Map<Integer, byte[]> resumeFrom = new HashMap<>();
                for (Cell cell : work.pending()) {
                    if (work.prepare(cell)) resumeFrom.put(cell.index(), DirectoryZip.zip(work.cellDir(cell)));
                }
                for (Cell cell : work.pending()) {
                    DataConfig d = cell.config().data();
                    if (!shipped.containsKey(d)) {
                        ShippedData data = ShippedData.of(work.data(cell));
                        md5.put(d, data.md5());
                        shipped.put(d, sc.broadcast(data));
                    }
                    byte[] resumeZip = resumeFrom.get(cell.index());
                    CellTask task = new CellTask(cell, loader.toYaml(cell.config()), work.command(cell),
                            work.spec().source().toString(), resumeZip, shipped.get(d), md5.get(d), engines);
                    cells.put(cell.index(), cell);
                    sc.setJobGroup(group, "cell " + (cell.index() + 1) + "/" + work.total() + " " + cell.label(), true);
                    sc.setLocalProperty(CELL_PROPERTY, Integer.toString(cell.index()));
                    JavaFutureAction<List<CellOutcome>> f = sc.parallelize(List.of(task), 1).map(CellTask::run).collectAsync();
                    int index = cell.index();
                    waiters.execute(() -> {
                        try {
                            done.add(new Finished(index, f.get().get(0), null));
                        } catch (ExecutionException e) {
                            done.add(new Finished(index, null, e.getCause()));
                        } catch (Throwable e) {
                            done.add(new Finished(index, null, e));
                        }
                    });
                    outstanding++;
                }
                sc.setLocalProperty(CELL_PROPERTY, null);
                RuntimeException stop = null;
                while (outstanding > 0) {
                    Finished f = done.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (stop == null && work.stopRequested()) {
                        stop = new RunInterruptedException("interrupted: the Spark jobs were cancelled; cells that had finished are in "
                                + work.dir() + ", cells that were running start afresh. Rerun the same experiment command to continue.");
                        sc.cancelJobGroup(group);
                    }
                    if (f == null) continue;
                    outstanding--;
                    RuntimeException bad = handle(f, stop != null);
                    if (bad != null && stop == null) {
                        stop = bad;
                        sc.cancelJobGroup(group);
                    }
                }
                if (stop != null) throw stop;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sc.cancelJobGroup(group);
                throw new RunInterruptedException("interrupted while waiting for the Spark jobs");
            } finally {
                waiters.shutdownNow();
                for (Broadcast<ShippedData> b : shipped.values()) b.destroy();
            }
        }

        /** Installs a finished cell and reports it; returns the bad-input error to stop with, if the task met one. */
        private RuntimeException handle(Finished f, boolean stopping) throws IOException {
            Cell cell = cells.get(f.cell());
            if (f.error() != null) {
                if (stopping) return null; // cancelled by the stop: the cell stays pending
                work.finished(work.failedWithoutRun(cell, "Spark task failed: " + firstLine(f.error())));
                return null;
            }
            CellOutcome o = f.outcome();
            if (o.badInput() != null) {
                String m = "cell " + cell.label() + " on Spark executor " + o.executorId() + ": " + o.message();
                return switch (o.badInput()) {
                    case "data" -> new DataException(m);
                    case "directory" -> new RunDirectory.RunDirectoryException(m);
                    default -> new ConfigException(m);
                };
            }
            install(cell, o);
            // the listener bus may not have delivered the task's start yet: a cell always starts before it ends
            if (started.putIfAbsent(cell.index(), true) == null) work.listener().cellStarted(cell, work.total());
            work.finished(new CellResult(cell, CellStatus.valueOf(o.status()), o.finalTestAccuracy(), o.bestTestAccuracy(),
                    o.wallSeconds(), o.message()));
            return null;
        }

        /**
         * Unpacks the cell's run directory next to its place, records where it ran in run.json, and
         * renames it into place: the cell directory is at every moment either what it was before
         * (absent, empty, or an interrupted run's checkpoint) or the complete result.
         */
        private void install(Cell cell, CellOutcome o) throws IOException {
            Path target = work.cellDir(cell);
            // created like any directory (umask), not private like Files.createTempDirectory's
            Path tmp = Files.createDirectory(work.dir().resolve(TEMP_PREFIX + "new-" + UUID.randomUUID()));
            DirectoryZip.unzip(o.zip(), tmp);
            recordSpark(tmp, o);
            Path old = null;
            if (Files.exists(target)) {
                old = work.dir().resolve(TEMP_PREFIX + "old-" + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) DirectoryZip.deleteTree(old);
        }

        /** run.json: where the task ran, and the git state of the driver (whose jar the executors ran). */
        private void recordSpark(Path runDir, CellOutcome o) throws IOException {
            Path file = runDir.resolve(TrainingRun.PROVENANCE_FILE);
            if (!Files.isRegularFile(file)) return;
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode run = (ObjectNode) json.readTree(file.toFile());
            run.set("git", json.valueToTree(Provenance.git()));
            Map<String, Object> spark = new LinkedHashMap<>();
            spark.put("master", sc.master());
            spark.put("application_id", sc.sc().applicationId());
            spark.put("executor", o.executorId());
            spark.put("host", o.host());
            spark.put("attempt", o.attempt());
            spark.put("task_seconds", o.taskSeconds());
            run.set("spark", json.valueToTree(spark));
            Files.writeString(file, json.writeValueAsString(run) + "\n");
        }

        /** Tells the listener when a cell's task starts (its first attempt) and when an attempt fails. */
        private final class Progress extends SparkListener {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                Properties p = jobStart.properties();
                String cell = p == null ? null : p.getProperty(CELL_PROPERTY);
                if (cell == null) return;
                for (Object stage : scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())) {
                    stageToCell.put((Integer) stage, Integer.valueOf(cell));
                }
            }

            @Override
            public void onTaskStart(SparkListenerTaskStart taskStart) {
                Cell cell = cellOf(taskStart.stageId());
                if (cell == null) return;
                if (started.putIfAbsent(cell.index(), true) == null) {
                    work.listener().cellStarted(cell, work.total());
                } else if (taskStart.taskInfo().attemptNumber() > 0) {
                    work.listener().cellNote(cell, work.total(), "attempt " + (taskStart.taskInfo().attemptNumber() + 1)
                            + " started on executor " + taskStart.taskInfo().executorId());
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                Cell cell = cellOf(taskEnd.stageId());
                if (cell == null || taskEnd.taskInfo().successful()) return;
                work.listener().cellNote(cell, work.total(), "attempt " + (taskEnd.taskInfo().attemptNumber() + 1) + " on executor "
                        + taskEnd.taskInfo().executorId() + " ended: " + firstLine(taskEnd.reason().toString()));
            }

            private Cell cellOf(int stage) {
                Integer i = stageToCell.get(stage);
                return i == null ? null : cells.get(i);
            }
        }
    }

    private static String firstLine(Throwable t) {
        return firstLine(t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
