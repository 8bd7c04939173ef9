package bplab.report;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.metrics.MetricsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes run and experiment directories with the files train and experiment write, from numbers the test chooses. */
final class RunFixtures {
    private RunFixtures() {}

    /**
     * A run of {@code accuracies.length} epochs of {@code itersPerEpoch} iterations each, one
     * hidden layer; gradient norms decay from {@code grad0} as 1/(1 + i/100) with a seeded wiggle.
     */
    static Path run(Path dir, List<String> settings, double[] accuracies, int itersPerEpoch, double grad0, boolean withSummary)
            throws IOException {
        Files.createDirectories(dir);
        ConfigLoader loader = new ConfigLoader();
        RunConfig cfg = loader.load(Path.of("config/ce-softmax.yaml"), settings);
        Files.writeString(dir.resolve("config.yaml"), loader.toYaml(cfg));
        StringBuilder epochs = new StringBuilder(String.join(",", MetricsFiles.epochHeader())).append('\n');
        for (int e = 0; e < accuracies.length; e++) {
            epochs.append(String.format(Locale.ROOT, "%d,%d,%s,0.0,%s,%s,,,%s,%s%n", e, (long) (e + 1) * itersPerEpoch,
                    1.0 / (e + 1), 1.2 / (e + 1), accuracies[e], 1.5, 1000.0));
        }
        Files.writeString(dir.resolve(MetricsFiles.EPOCHS), epochs);
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
        if (withSummary) {
            double best = 0;
            for (double a : accuracies) best = Math.max(best, a);
            Files.writeString(dir.resolve("summary.json"), String.format(Locale.ROOT,
                    "{\"final_test_accuracy\": %s, \"final_test_loss\": 0.1, \"best_epoch\": 0, \"best_test_accuracy\": %s,"
                            + " \"epochs\": %d, \"iterations\": %d, \"train_seconds\": 1.0, \"wall_seconds\": %s, \"examples_per_second\": 1000}",
                    accuracies[accuracies.length - 1], best, accuracies.length, total, 2.0 + cfg.seed()));
        }
        return dir;
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
}
