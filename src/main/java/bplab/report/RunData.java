package bplab.report;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.DataException;
import bplab.train.MetricsFiles;
import bplab.train.TrainingRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * What the report needs from one run directory: the resolved config, the summary (absent for
 * a run that diverged or is still going), the per-epoch table and the per-iteration series.
 *
 * @param label  how the run is named in tables and legends
 * @param values the experiment's varied values for this run (empty for a lone run)
 * @param status ok, done, diverged, failed or incomplete
 */
public record RunData(Path dir, String label, Map<String, String> values, RunConfig config, String status, String message,
                      Epochs epochs, Iterations iterations, double summaryFinalAccuracy, double summaryBestAccuracy,
                      double wallSeconds) {

    /**
     * epochs.csv, one entry per epoch; non-finite values (a NaN test loss) are kept as they are
     * and skipped when plotted. Test accuracy is never NaN: the test set is never empty.
     * {@code validationAccuracy} is NaN where the cell is empty: every epoch of a run without a validation split.
     */
    public record Epochs(double[] epoch, double[] iterations, double[] trainLoss, double[] testLoss, double[] testAccuracy,
                         double[] validationAccuracy) {
        public int size() {
            return epoch.length;
        }
    }

    /**
     * iterations.csv: the columns the charts and the summary use. {@code gradW[l]} and {@code gradB[l]}
     * are the weight- and bias-gradient norms of layer l (0 = first hidden layer, last = output layer); their
     * cells are empty on iterations whose gradient statistics were not recorded.
     */
    public record Iterations(double[] iteration, Column loss, Column outputDelta, Column[] gradW, Column[] gradB) {
        public int layers() {
            return gradW.length;
        }
    }

    /**
     * One numeric column of a metrics CSV. {@code values} is NaN where the cell was empty
     * ("not recorded") and also where a recorded value is NaN (a diverged iteration); {@code empty}
     * tells the two apart.
     */
    public record Column(double[] values, BitSet empty) {
        public int size() {
            return values.length;
        }

        /** Over the recorded cells only: empty cells are left out, a recorded NaN or infinity is counted as non-finite. */
        public Stats stats() {
            return Stats.ofRecorded(values, empty);
        }
    }

    public int layers() {
        return config.model().hidden().size() + 1;
    }

    /** Number of hidden layers (the config's {@code model.hidden}). */
    public int hiddenLayers() {
        return config.model().hidden().size();
    }

    /** Whether the run held out a validation split ({@code data.validation > 0}), so epochs.csv has validation accuracies. */
    public boolean hasValidation() {
        return config.data().validation() > 0;
    }

    static RunData load(Path dir, String label, Map<String, String> values, ConfigLoader loader) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": no such run directory");
        RunConfig config;
        try {
            config = loader.load(dir.resolve(TrainingRun.CONFIG_FILE), List.of());
        } catch (ConfigException e) {
            throw new DataException(dir + ": cannot read the run's config.yaml (" + e.getMessage() + ")", e);
        }
        int layers = config.model().hidden().size() + 1;
        CsvTable e = CsvTable.read(dir.resolve(MetricsFiles.EPOCHS), c -> true);
        Epochs epochs = new Epochs(e.column("epoch"), e.column("iterations"), e.column("train_loss"), e.column("test_loss"),
                e.column("test_accuracy"), e.column("validation_accuracy"));
        CsvTable it = CsvTable.read(dir.resolve(MetricsFiles.ITERATIONS),
                c -> c.equals("iteration") || c.equals("loss") || c.equals("output_delta_norm") || c.matches("grad_norm_\\d+_[Wb]"));
        Column[] gradW = new Column[layers];
        Column[] gradB = new Column[layers];
        for (int l = 0; l < layers; l++) {
            gradW[l] = it.recorded("grad_norm_" + l + "_W");
            gradB[l] = it.recorded("grad_norm_" + l + "_b");
        }
        Iterations iterations = new Iterations(it.column("iteration"), it.recorded("loss"), it.recorded("output_delta_norm"), gradW, gradB);

        JsonNode summary = readJson(dir.resolve(TrainingRun.SUMMARY_FILE));
        JsonNode record = readJson(dir.resolve("cell.json"));
        String status = record != null ? record.path("status").asText("ok") : summary != null ? "ok" : "incomplete";
        String message = record != null ? record.path("message").asText("") : "";
        if (summary != null && status.equals("failed")) status = "ok";
        double finalAcc = summary != null ? summary.path("final_test_accuracy").asDouble(Double.NaN) : Double.NaN;
        double bestAcc = summary != null ? summary.path("best_test_accuracy").asDouble(Double.NaN) : Double.NaN;
        double wall = summary != null ? summary.path("wall_seconds").asDouble(Double.NaN) : Double.NaN;
        return new RunData(dir, label, values, config, status, message, epochs, iterations, finalAcc, bestAcc, wall);
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException ex) {
            throw new DataException(file + ": not valid JSON (" + ex.getMessage() + ")", ex);
        }
    }
}
