package bplab.train;

import bplab.metrics.CsvWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The two per-run metrics files, identical in schema for every engine:
 * {@code iterations.csv} (one row per iteration) and {@code epochs.csv} (one row per epoch).
 * See README.md, "What a run writes", for the columns.
 */
public final class MetricsFiles implements Closeable {
    public static final String ITERATIONS = "iterations.csv";
    public static final String EPOCHS = "epochs.csv";

    private final CsvWriter iterations;
    private final CsvWriter epochs;
    private final int layers;

    private MetricsFiles(CsvWriter iterations, CsvWriter epochs, int layers) {
        this.iterations = iterations;
        this.epochs = epochs;
        this.layers = layers;
    }

    /** New files with headers. */
    public static MetricsFiles create(Path runDir, int layers) {
        return new MetricsFiles(new CsvWriter(runDir.resolve(ITERATIONS), iterationHeader(layers)),
                new CsvWriter(runDir.resolve(EPOCHS), epochHeader()), layers);
    }

    /**
     * Reopens the files of an interrupted run: keeps only complete rows of iterations before
     * {@code iteration} and of epochs before {@code completedEpochs} (a torn last line is dropped,
     * never parsed), then appends from there.
     */
    public static MetricsFiles resume(Path runDir, int layers, long iteration, int completedEpochs) {
        List<String> ih = iterationHeader(layers);
        truncate(runDir.resolve(ITERATIONS), ih, cells -> Long.parseLong(cells[0]) < iteration);
        truncate(runDir.resolve(EPOCHS), epochHeader(), cells -> Integer.parseInt(cells[0]) < completedEpochs);
        return new MetricsFiles(CsvWriter.append(runDir.resolve(ITERATIONS), ih),
                CsvWriter.append(runDir.resolve(EPOCHS), epochHeader()), layers);
    }

    /**
     * The complete rows of epochs.csv, as records (without confusion matrices). Empty validation
     * cells mean the run has no validation split (validation is null); a cell written as
     * {@code NaN} or {@code Infinity} reads back as that value.
     */
    public static List<EpochRecord> readEpochs(Path runDir) {
        List<EpochRecord> records = new ArrayList<>();
        for (String[] c : completeRows(runDir.resolve(EPOCHS), epochHeader())) {
            Evaluation test = new Evaluation(num(c[4]), num(c[5]), null, 0);
            Evaluation validation = c[6].isEmpty() ? null : new Evaluation(num(c[6]), num(c[7]), null, 0);
            records.add(new EpochRecord(Integer.parseInt(c[0]), Long.parseLong(c[1]), num(c[2]), num(c[3]), test,
                    validation, num(c[8]), num(c[9])));
        }
        return records;
    }

    /** An empty cell ("not measured") is NaN here; Double.parseDouble reads NaN, Infinity and -Infinity. */
    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** Rows that end with a newline and have the header's column count; the header must match. */
    static List<String[]> completeRows(Path file, List<String> header) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(String.join(",", header))) {
            throw new IllegalStateException(file + ": header does not match this run's columns; expected "
                    + String.join(",", header));
        }
        List<String[]> rows = new ArrayList<>();
        // The last element is whatever follows the final newline: empty, or a torn row.
        for (int i = 1; i < lines.length - 1; i++) {
            String[] cells = lines[i].split(",", -1);
            if (cells.length == header.size()) rows.add(cells);
        }
        return rows;
    }

    private static void truncate(Path file, List<String> header, Predicate<String[]> keep) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] cells : completeRows(file, header)) {
            try {
                if (keep.test(cells)) sb.append(String.join(",", cells)).append('\n');
            } catch (NumberFormatException e) {
                // a damaged row is not data: drop it
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<String> iterationHeader(int layers) {
        List<String> h = new ArrayList<>(List.of("iteration", "epoch", "batch_size", "loss", "l2_penalty",
                "output_delta_norm"));
        for (int l = 0; l < layers; l++) {
            h.add("grad_norm_" + l + "_W");
            h.add("grad_norm_" + l + "_b");
        }
        for (int l = 0; l < layers; l++) h.add("update_ratio_" + l + "_W");
        return h;
    }

    public static List<String> epochHeader() {
        return List.of("epoch", "iterations", "train_loss", "train_l2_penalty", "test_loss", "test_accuracy",
                "validation_loss", "validation_accuracy", "seconds", "examples_per_second");
    }

    public void iteration(long iteration, int epoch, int batchSize, StepResult step) {
        Object[] row = new Object[6 + 3 * layers];
        row[0] = iteration;
        row[1] = epoch;
        row[2] = batchSize;
        row[3] = step.loss();
        row[4] = step.l2Penalty();
        GradientStats stats = step.stats();
        if (stats != null) {
            row[5] = stats.outputDeltaNorm();
            for (int l = 0; l < layers; l++) {
                row[6 + 2 * l] = stats.weightGradNorm()[l];
                row[7 + 2 * l] = stats.biasGradNorm()[l];
                row[6 + 2 * layers + l] = stats.updateRatio()[l];
            }
        }
        iterations.row(row);
    }

    public void epoch(EpochRecord r) {
        epochs.row(r.epoch(), r.iterations(), r.trainLoss(), r.trainL2Penalty(), r.test().loss(), r.test().accuracy(),
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
