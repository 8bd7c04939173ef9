package bplab.train;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One complete training run as a use case: writes the resolved config and provenance into
 * the (new) run directory, trains, and writes the results. Used by {@code train} and by
 * anything that runs many configs.
 */
public final class TrainingRun {
    public static final String CONFIG_FILE = "config.yaml";
    public static final String PROVENANCE_FILE = "run.json";
    public static final String SUMMARY_FILE = "summary.json";
    public static final String CONFUSION_FILE = "confusion.csv";
    public static final String LOG_FILE = "train.log";

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final EngineFactory engines;
    private BooleanSupplier stopRequested = () -> false;
    private RunWatcher watcher = RunWatcher.NONE;

    public TrainingRun(EngineFactory engines) {
        this.engines = engines;
    }

    /** Polled after every iteration: when true, the run checkpoints and stops (RunInterruptedException). */
    public TrainingRun stopWhen(BooleanSupplier stopRequested) {
        this.stopRequested = stopRequested;
        return this;
    }

    /** Lets {@code watcher} see each run's engine while it trains (default: nobody watches). */
    public TrainingRun watchedBy(RunWatcher watcher) {
        this.watcher = watcher;
        return this;
    }

    /** Trains {@code cfg} on {@code data} into {@code runDir}, which must exist and be empty. */
    public RunSummary run(RunConfig cfg, DataSplit data, Path runDir, List<String> command, TrainingProgress progress)
            throws IOException {
        writeStart(runDir, cfg, data, cfg.engine().name().toLowerCase(Locale.ROOT), command);
        return train(cfg, data, runDir, null, "run " + runDir + " started: " + command, progress);
    }

    /**
     * Writes what every run records before it starts: the resolved config ({@value #CONFIG_FILE}) and
     * its provenance ({@value #PROVENANCE_FILE}: seed, versions, git commit, command, and the data
     * directory with its files' MD5s and what they were recognised as).
     */
    public static void writeStart(Path runDir, RunConfig cfg, DataSplit data, String engine, List<String> command)
            throws IOException {
        Files.writeString(runDir.resolve(CONFIG_FILE), new ConfigLoader().toYaml(cfg), StandardCharsets.UTF_8);
        Map<String, Object> provenance = Provenance.collect(cfg.name(), cfg.seed(), engine, command);
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("dir", cfg.data().dir());
        dataset.put("identified_as", data.identity().name());
        dataset.put("md5", data.identity().files());
        provenance.put("data", dataset);
        writeJson(runDir.resolve(PROVENANCE_FILE), provenance);
    }

    /** Continues an interrupted run from its last checkpoint, with the config it was started with. */
    public RunSummary resume(Path runDir, DataSplit data, TrainingProgress progress) throws IOException {
        RunConfig cfg = readConfig(runDir);
        Checkpoint checkpoint = Checkpoint.read(runDir);
        return train(cfg, data, runDir, checkpoint, "run " + runDir + " resumed at iteration " + checkpoint.iteration(), progress);
    }

    /**
     * The config of a run that {@link #resume} can continue; a {@link RunDirectory.RunDirectoryException}
     * says why {@code runDir} cannot be resumed (not a run directory, already finished, no checkpoint yet).
     */
    public static RunConfig resumableConfig(Path runDir) {
        if (!Files.isDirectory(runDir) || !Files.isRegularFile(runDir.resolve(CONFIG_FILE))) {
            throw new RunDirectory.RunDirectoryException(runDir + ": not a run directory (no " + CONFIG_FILE
                    + "); expected a directory written by train");
        }
        if (Files.isRegularFile(runDir.resolve(SUMMARY_FILE))) {
            throw new RunDirectory.RunDirectoryException(runDir + ": this run already finished (" + SUMMARY_FILE
                    + " exists); nothing to resume");
        }
        if (!Checkpoint.exists(runDir)) {
            throw new RunDirectory.RunDirectoryException(runDir + ": no checkpoint yet (the run stopped before its first "
                    + "checkpoint); start it again with train --config");
        }
        return readConfig(runDir);
    }

    /** The config a run directory was started with. */
    public static RunConfig readConfig(Path runDir) {
        return new ConfigLoader().load(runDir.resolve(CONFIG_FILE), List.of());
    }

    private RunSummary train(RunConfig cfg, DataSplit data, Path runDir, Checkpoint from, String start,
                             TrainingProgress progress) throws IOException {
        try (RunLog log = new RunLog(runDir.resolve(LOG_FILE)); TrainingEngine engine = engines.create(cfg);
             RunWatcher.Watch watch = watcher.watch(cfg, runDir, engine)) {
            LOG.info(start);
            RunSummary summary;
            try {
                summary = new TrainingLoop(cfg, data, engine, runDir, progress).resumingFrom(from).stopWhen(stopRequested).run();
            } catch (DivergenceException | RunInterruptedException e) {
                LOG.warn(e.getMessage());
                throw e;
            }
            writeResults(runDir, summary);
            LOG.info("run finished: test accuracy {}", summary.finalTest().accuracy());
            return summary;
        }
    }

    public static void writeResults(Path dir, RunSummary s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("final_test_accuracy", s.finalTest().accuracy());
        m.put("final_test_loss", s.finalTest().loss());
        m.put("best_epoch", s.bestEpoch());
        m.put("best_test_accuracy", s.bestAccuracy());
        m.put("epochs", s.epochs().size());
        m.put("iterations", s.iterations());
        m.put("train_seconds", s.trainSeconds());
        m.put("wall_seconds", s.wallSeconds());
        m.put("examples_per_second", s.examplesPerSecond());
        java.util.OptionalLong peak = PeakMemory.peakResidentBytes();
        m.put("peak_rss_bytes", peak.isPresent() ? peak.getAsLong() : null);
        writeJson(dir.resolve(SUMMARY_FILE), m);
        if (s.finalTest().confusion() != null) {
            Files.writeString(dir.resolve(CONFUSION_FILE), confusionCsv(s.finalTest()), StandardCharsets.UTF_8);
        }
    }

    static String confusionCsv(Evaluation e) {
        StringBuilder sb = new StringBuilder("actual");
        int k = e.confusion().length;
        for (int j = 0; j < k; j++) sb.append(",pred_").append(j);
        sb.append('\n');
        for (int i = 0; i < k; i++) {
            sb.append(i);
            for (int j = 0; j < k; j++) sb.append(',').append(e.confusion()[i][j]);
            sb.append('\n');
        }
        return sb.toString();
    }

    public static void writeJson(Path file, Object value) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(file, json.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
    }
}
