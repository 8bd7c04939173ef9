package backproplab.train;

import backproplab.config.ConfigLoader;
import backproplab.config.RunConfig;
import backproplab.data.DataSplit;
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

    public TrainingRun(EngineFactory engines) {
        this.engines = engines;
    }

    /** Trains {@code cfg} on {@code data} into {@code runDir}, which must exist and be empty. */
    public RunSummary run(RunConfig cfg, DataSplit data, Path runDir, List<String> command, TrainingProgress progress)
            throws IOException {
        Files.writeString(runDir.resolve(CONFIG_FILE), new ConfigLoader().toYaml(cfg), StandardCharsets.UTF_8);
        writeJson(runDir.resolve(PROVENANCE_FILE),
                Provenance.collect(cfg.name(), cfg.seed(), cfg.engine().name().toLowerCase(Locale.ROOT), command));
        try (RunLog log = new RunLog(runDir.resolve(LOG_FILE)); TrainingEngine engine = engines.create(cfg)) {
            LOG.info("run {} started: {}", runDir, command);
            RunSummary summary;
            try {
                summary = new TrainingLoop(cfg, data, engine, runDir, progress).run();
            } catch (DivergenceException e) {
                LOG.error(e.getMessage());
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
        writeJson(dir.resolve(SUMMARY_FILE), m);
        Files.writeString(dir.resolve(CONFUSION_FILE), confusionCsv(s.finalTest()), StandardCharsets.UTF_8);
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
