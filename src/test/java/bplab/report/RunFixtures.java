package bplab.report;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.train.MetricsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/** Writes run and experiment directories with the files train and experiment write, from numbers the test chooses. */
final class RunFixtures {
    private RunFixtures() {}

    /**
     * A run of {@code accuracies.length} epochs of {@code itersPerEpoch} iterations each, one
     * hidden layer; gradient norms decay from {@code grad0} as 1/(1 + i/100) with a seeded wiggle.
     */
    static Path run(Path dir, List<String> settings, double[] accuracies, int itersPerEpoch, double grad0, boolean withSummary)
            throws IOException {
        RunConfig cfg = writeConfig(dir, settings);
        writeEpochs(dir, accuracies, null, itersPerEpoch);
        StringBuilder it = new StringBuilder(String.join(",", MetricsFiles.iterationHeader(2))).append('\n');
        java.util.Random wiggle = new java.util.Random(cfg.seed());
        int total = accuracies.length * itersPerEpoch;
        for (int i = 0; i < total; i++) {
            double g = grad0 / (1 + i / 100.0) * (1 + 0.3 * wiggle.nextGaussian() * 0.3);
            it.append(i).append(',').append(i / itersPerEpoch).append(",10,").append(1.0 / (1 + i / 50.0)).append(",0.0,")
                    .append(3 * g).append(',').append(g).append(',').append(g / 10).append(',').append(2 * g).append(',')
                    .append(g / 5).append(",0.001,0.001\n");
        }
        Files.writeString(dir.resolve(MetricsFiles.ITERATIONS), it);
        if (withSummary) writeSummary(dir, cfg, accuracies, total);
        return dir;
    }

    /** The bias-gradient norm a {@link #deepRun} records for layer {@code layer} (0 = first hidden layer, last = output) at data row {@code row}. */
    interface LayerNorms {
        double at(int layer, int row);
    }

    /**
     * A run with {@code hiddenLayers} hidden layers of 30 units (the config's {@code model.hidden}; the
     * settings may override it further), {@code accuracies.length} epochs of {@code itersPerEpoch}
     * iterations, with a summary.json. Row i of iterations.csv has {@code grad_norm_{l}_b = bias.at(l, i)}
     * for every layer, the output layer ({@code l = hiddenLayers}) included, and {@code grad_norm_{l}_W}
     * ten times that. {@code validation}: the validation accuracy after each epoch, with
     * {@code data.train_limit=60000, data.validation=10000} set first; null: no validation split.
     */
    static Path deepRun(Path dir, List<String> settings, int hiddenLayers, double[] accuracies, double[] validation, int itersPerEpoch,
                        LayerNorms bias) throws IOException {
        List<String> all = new ArrayList<>();
        all.add("model.hidden=[" + String.join(", ", java.util.Collections.nCopies(hiddenLayers, "{units: 30}")) + "]");
        if (validation != null) all.addAll(List.of("data.train_limit=60000", "data.validation=10000"));
        all.addAll(settings);
        RunConfig cfg = writeConfig(dir, all);
        if (cfg.model().hidden().size() != hiddenLayers) {
            throw new IllegalArgumentException("settings " + settings + " give " + cfg.model().hidden().size() + " hidden layers, not " + hiddenLayers);
        }
        writeEpochs(dir, accuracies, validation, itersPerEpoch);
        int layers = hiddenLayers + 1;
        StringBuilder it = new StringBuilder(String.join(",", MetricsFiles.iterationHeader(layers))).append('\n');
        int total = accuracies.length * itersPerEpoch;
        for (int i = 0; i < total; i++) {
            it.append(i).append(',').append(i / itersPerEpoch).append(",10,").append(1.0 / (1 + i / 50.0)).append(",0.0,")
                    .append(bias.at(hiddenLayers, i));
            for (int l = 0; l < layers; l++) it.append(',').append(10 * bias.at(l, i)).append(',').append(bias.at(l, i));
            for (int l = 0; l < layers; l++) it.append(",0.001");
            it.append('\n');
        }
        Files.writeString(dir.resolve(MetricsFiles.ITERATIONS), it);
        writeSummary(dir, cfg, accuracies, total);
        return dir;
    }

    private static RunConfig writeConfig(Path dir, List<String> settings) throws IOException {
        Files.createDirectories(dir);
        ConfigLoader loader = new ConfigLoader();
        RunConfig cfg = loader.load(Path.of("config/ce-softmax.yaml"), settings);
        Files.writeString(dir.resolve("config.yaml"), loader.toYaml(cfg));
        return cfg;
    }

    /** epochs.csv; without {@code validation} its validation cells are empty, with it the validation loss is 0.3. */
    private static void writeEpochs(Path dir, double[] accuracies, double[] validation, int itersPerEpoch) throws IOException {
        StringBuilder epochs = new StringBuilder(String.join(",", MetricsFiles.epochHeader())).append('\n');
        for (int e = 0; e < accuracies.length; e++) {
            String val = validation == null ? "," : "0.3," + validation[e];
            epochs.append(String.format(Locale.ROOT, "%d,%d,%s,0.0,%s,%s,%s,%s,%s%n", e, (long) (e + 1) * itersPerEpoch,
                    1.0 / (e + 1), 1.2 / (e + 1), accuracies[e], val, 1.5, 1000.0));
        }
        Files.writeString(dir.resolve(MetricsFiles.EPOCHS), epochs);
    }

    private static void writeSummary(Path dir, RunConfig cfg, double[] accuracies, int total) throws IOException {
        double best = 0;
        for (double a : accuracies) best = Math.max(best, a);
        Files.writeString(dir.resolve("summary.json"), String.format(Locale.ROOT,
                "{\"final_test_accuracy\": %s, \"final_test_loss\": 0.1, \"best_epoch\": 0, \"best_test_accuracy\": %s,"
                        + " \"epochs\": %d, \"iterations\": %d, \"train_seconds\": 1.0, \"wall_seconds\": %s, \"examples_per_second\": 1000}",
                accuracies[accuracies.length - 1], best, accuracies.length, total, 2.0 + cfg.seed()));
    }

    /** One experiment cell as the manifest lists it. */
    record CellSpec(String label, String dir, Map<String, String> values, String status) {}

    /** experiment.json listing the cells, as {@code ExperimentRunner} writes it. */
    static void manifest(Path dir, String name, List<CellSpec> cells) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        List<Map<String, Object>> list = new ArrayList<>();
        for (CellSpec c : cells) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", c.label());
            e.put("dir", c.dir());
            e.put("values", c.values());
            e.put("status", c.status());
            list.add(e);
        }
        m.put("cells", list);
        Files.writeString(dir.resolve("experiment.json"), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
    }

    /**
     * An experiment of 2 outputs x 2 seeds (+ optionally a cell that never started), each run
     * 3 epochs of {@code itersPerEpoch} iterations.
     */
    static Path experiment(Path dir, int itersPerEpoch) throws IOException {
        Files.createDirectories(dir);
        List<CellSpec> cells = new ArrayList<>();
        double[][] mseAcc = {{0.80, 0.91, 0.93}, {0.85, 0.90, 0.96}};
        double[][] ceAcc = {{0.92, 0.955, 0.97}, {0.93, 0.96, 0.975}};
        for (String output : List.of("mse_sigmoid", "ce_softmax")) {
            for (int seed = 1; seed <= 2; seed++) {
                String label = "model.output=" + output + ",seed=" + seed;
                String d = "model.output-" + output + "__seed-" + seed;
                double[] acc = (output.equals("mse_sigmoid") ? mseAcc : ceAcc)[seed - 1];
                run(dir.resolve(d), List.of("seed=" + seed, "model.output=" + output, "model.hidden[0].units=30"), acc,
                        itersPerEpoch, output.equals("mse_sigmoid") ? 0.01 : 0.5, true);
                Map<String, String> values = new LinkedHashMap<>();
                values.put("model.output", output);
                values.put("seed", String.valueOf(seed));
                cells.add(new CellSpec(label, d, values, "ok"));
            }
        }
        cells.add(new CellSpec("model.output=mse_tanh,seed=1", "model.output-mse_tanh__seed-1", Map.of("model.output", "mse_tanh", "seed", "1"),
                "pending"));
        manifest(dir, "fixture", cells);
        return dir;
    }

    /**
     * An experiment varying {@code model.output} x {@code engine: [dl4j, handwritten]} x
     * {@code seed}, each cell 3 epochs of {@code itersPerEpoch} iterations. The two engines' files
     * of the same output and seed are identical (the fixture's numbers depend on output and seed
     * only). Cells named in {@code absent} ("output/engine/seed", e.g. "ce_softmax/handwritten/2")
     * are listed as pending and have no directory.
     */
    static Path engineExperiment(Path dir, int itersPerEpoch, List<String> outputs, List<Integer> seeds, Set<String> absent)
            throws IOException {
        Files.createDirectories(dir);
        List<CellSpec> cells = new ArrayList<>();
        for (String output : outputs) {
            for (String engine : List.of("dl4j", "handwritten")) {
                for (int seed : seeds) {
                    Map<String, String> values = new LinkedHashMap<>();
                    values.put("model.output", output);
                    values.put("engine", engine);
                    values.put("seed", String.valueOf(seed));
                    String label = "model.output=" + output + ",engine=" + engine + ",seed=" + seed;
                    String d = "model.output-" + output + "__engine-" + engine + "__seed-" + seed;
                    boolean present = !absent.contains(output + "/" + engine + "/" + seed);
                    if (present) {
                        run(dir.resolve(d), List.of("seed=" + seed, "model.output=" + output, "engine=" + engine, "model.hidden[0].units=30"),
                                new double[] {0.9, 0.95, 0.96}, itersPerEpoch, output.equals("mse_sigmoid") ? 0.01 : 0.5, true);
                    }
                    cells.add(new CellSpec(label, d, values, present ? "ok" : "pending"));
                }
            }
        }
        manifest(dir, "engines", cells);
        return dir;
    }

    /** The directory of {@link #engineExperiment}'s cell. */
    static Path cell(Path experiment, String output, String engine, int seed) {
        return experiment.resolve("model.output-" + output + "__engine-" + engine + "__seed-" + seed);
    }

    /** Rewrites one column of a run's iterations.csv: {@code edit} gets the 0-based data row and the cell and returns the new cell. */
    static void editIterations(Path run, String column, BiFunction<Integer, String, String> edit) throws IOException {
        rewriteIterations(run, (header, rows) -> {
            int c = header.indexOf(column);
            if (c < 0) throw new IllegalArgumentException("no column " + column + " in " + header);
            for (int r = 0; r < rows.size(); r++) rows.get(r).set(c, edit.apply(r, rows.get(r).get(c)));
        });
    }

    /** Inserts column {@code name} after column {@code after} into a run's iterations.csv, with the cells {@code value} gives per data row. */
    static void insertIterationColumn(Path run, String after, String name, IntFunction<String> value) throws IOException {
        rewriteIterations(run, (header, rows) -> {
            int c = header.indexOf(after) + 1;
            header.add(c, name);
            for (int r = 0; r < rows.size(); r++) rows.get(r).add(c, value.apply(r));
        });
    }

    /** Keeps only the data rows of a run's iterations.csv that {@code keep} accepts (0-based). */
    static void keepIterationRows(Path run, IntPredicate keep) throws IOException {
        rewriteIterations(run, (header, rows) -> {
            List<List<String>> kept = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) if (keep.test(r)) kept.add(rows.get(r));
            rows.clear();
            rows.addAll(kept);
        });
    }

    private static void rewriteIterations(Path run, BiConsumer<List<String>, List<List<String>>> edit) throws IOException {
        Path file = run.resolve(MetricsFiles.ITERATIONS);
        List<String> lines = Files.readAllLines(file);
        List<String> header = new ArrayList<>(List.of(lines.get(0).split(",", -1)));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) rows.add(new ArrayList<>(List.of(line.split(",", -1))));
        edit.accept(header, rows);
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (List<String> r : rows) sb.append(String.join(",", r)).append('\n');
        Files.writeString(file, sb);
    }
}
