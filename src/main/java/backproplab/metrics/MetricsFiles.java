package backproplab.metrics;

import backproplab.train.EpochRecord;
import backproplab.train.GradientStats;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two per-run metrics files, identical in schema for every engine:
 * {@code iterations.csv} (one row per iteration) and {@code epochs.csv} (one row per epoch).
 * See README.md, "Output files", for the columns.
 */
public final class MetricsFiles implements Closeable {
    public static final String ITERATIONS = "iterations.csv";
    public static final String EPOCHS = "epochs.csv";

    private final CsvWriter iterations;
    private final CsvWriter epochs;
    private final int layers;

    public MetricsFiles(Path runDir, int layers) {
        this.layers = layers;
        this.iterations = new CsvWriter(runDir.resolve(ITERATIONS), iterationHeader(layers));
        this.epochs = new CsvWriter(runDir.resolve(EPOCHS), epochHeader());
    }

    public static List<String> iterationHeader(int layers) {
        List<String> h = new ArrayList<>(List.of("iteration", "epoch", "batch_size", "loss", "output_delta_norm"));
        for (int l = 0; l < layers; l++) {
            h.add("grad_norm_" + l + "_W");
            h.add("grad_norm_" + l + "_b");
        }
        for (int l = 0; l < layers; l++) h.add("update_ratio_" + l + "_W");
        return h;
    }

    public static List<String> epochHeader() {
        return List.of("epoch", "iterations", "train_loss", "test_loss", "test_accuracy",
                "validation_loss", "validation_accuracy", "seconds", "examples_per_second");
    }

    public void iteration(long iteration, int epoch, int batchSize, double loss, GradientStats stats) {
        Object[] row = new Object[5 + 3 * layers];
        row[0] = iteration;
        row[1] = epoch;
        row[2] = batchSize;
        row[3] = loss;
        if (stats != null) {
            row[4] = stats.outputDeltaNorm();
            for (int l = 0; l < layers; l++) {
                row[5 + 2 * l] = stats.weightGradNorm()[l];
                row[6 + 2 * l] = stats.biasGradNorm()[l];
                row[5 + 2 * layers + l] = stats.updateRatio()[l];
            }
        }
        iterations.row(row);
    }

    public void epoch(EpochRecord r) {
        epochs.row(r.epoch(), r.iterations(), r.trainLoss(), r.test().loss(), r.test().accuracy(),
                r.validation() == null ? null : r.validation().loss(),
                r.validation() == null ? null : r.validation().accuracy(),
                r.seconds(), r.examplesPerSecond());
    }

    @Override
    public void close() {
        try {
            iterations.close();
        } finally {
            epochs.close();
        }
    }
}
