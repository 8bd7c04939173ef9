package bplab.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.experiment.Cell;
import bplab.experiment.ExperimentLoader;
import bplab.experiment.ExperimentPlan;
import bplab.experiment.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two other ways a config is built, fuzzed with a fixed seed: {@code --set KEY=VALUE} overrides on a
 * shipped config, and experiment files (whose settings become overrides of their base config). Every case
 * either loads, and then satisfies {@link ConfigInvariants} (for experiments: every cell of the grid), or
 * fails with a {@link ConfigException} that names where: the override, or the experiment file. Any other
 * exception fails the test with the case that caused it.
 */
class OverrideAndExperimentFuzzTest {
    private static final long SEED = 20261129L;
    private static final Path BASE = Path.of("config/ce-softmax.yaml");

    private static final String[] KEYS = {
            "name", "seed", "engine", "data", "data.dataset", "data.dir", "data.train_limit", "data.test_limit",
            "data.validation", "model.hidden", "model.hidden[0]", "model.hidden[0].units", "model.hidden[0].activation",
            "model.hidden[1].units", "model.output", "model.weight_init", "model.bias_init", "model.dtype",
            "training", "training.epochs", "training.batch_size", "training.updater", "training.updater.type",
            "training.updater.learning_rate", "training.updater.momentum", "training.updater.beta1",
            "training.updater.beta2", "training.updater.epsilon", "training.l2", "training.checkpoint_every",
            "logging.gradient_norms_every", "logging.out_dir", "logging.ui", "logging.ui.enabled", "logging.ui.host",
            "logging.ui.port", "logging.ui.every", "handwritten.delta_rule", "handwritten"};

    private static final String[] VALUES = {
            // numbers, in range and out
            "-1", "0", "1", "2", "7", "100", "9999", "10000", "10001", "59999", "60000", "60001", "100000", "100001",
            "2147483647", "2147483648", "99999999999", "0.5", "1.0", "15.0", "1.0e-3", "1e-3", "0.0", "-0.1", "0.999",
            "1.0e-8", ".inf", "-.inf", ".nan", "1e309", "3.", "0x10", "1_000",
            // names, valid and not
            "mnist", "fashion_mnist", "dl4j", "handwritten", "sigmoid", "tanh", "relu", "identity", "softmax",
            "ce_softmax", "mse_sigmoid", "mse_softmax", "mse_identity", "mse_tanh", "l2_sigmoid", "xent_sigmoid",
            "ce_tanh", "xavier", "xavier_uniform", "lecun_normal", "normal_unit", "zero", "float", "double",
            "sgd", "nesterov", "adam", "shortcut", "jacobian", "DL4J", "Sigmoid", "run-1", "a b", "../x", "007",
            "'007'", "\"42\"", "", "''", "~", "null", "true", "yes", "no", "x".repeat(81),
            // structures
            "{type: adam}", "{type: adam, learning_rate: 0.01, beta1: 0.95}", "{type: nesterov, momentum: 0.95}",
            "{type: sgd, momentum: 0.9}", "{type: sgd, learning_rate: 0}", "[{units: 3}]",
            "[{units: 3, activation: relu}, {units: 0}]", "[{units: 30}, {units: 20, activation: tanh}]",
            "{units: 5}", "[]", "{}", "[", "{", "{a: 1}", "[1, 2]", "{epochs: 2, batch_size: 10}",
            "{train_limit: 100, validation: 100}", "{train_limit: 100, validation: 99}", "&a 1", "*a", "!!int 3"};

    /** Values each key accepts (or nearly: edge values), drawn half the time so that many cases load. */
    private static final java.util.Map<String, String[]> FITTING = java.util.Map.ofEntries(
            java.util.Map.entry("name", new String[] {"run-1", "x.y_z", "'007'"}),
            java.util.Map.entry("seed", new String[] {"0", "7", "-5", "99999999999"}),
            java.util.Map.entry("engine", new String[] {"dl4j", "handwritten"}),
            java.util.Map.entry("data.dataset", new String[] {"mnist", "fashion_mnist"}),
            java.util.Map.entry("data.dir", new String[] {"data/x", "~/d"}),
            java.util.Map.entry("data.train_limit", new String[] {"1", "100", "60000"}),
            java.util.Map.entry("data.test_limit", new String[] {"1", "10000"}),
            java.util.Map.entry("data.validation", new String[] {"0", "10", "59999"}),
            java.util.Map.entry("model.hidden", new String[] {"[{units: 3}]", "[]", "[{units: 30}, {units: 20, activation: tanh}]"}),
            java.util.Map.entry("model.hidden[0].units", new String[] {"1", "100000"}),
            java.util.Map.entry("model.hidden[0].activation", new String[] {"relu", "tanh", "identity"}),
            java.util.Map.entry("model.output", new String[] {"mse_softmax", "xent_sigmoid", "l2_sigmoid"}),
            java.util.Map.entry("model.weight_init", new String[] {"relu", "lecun_normal", "normal_unit"}),
            java.util.Map.entry("model.bias_init", new String[] {"normal_unit", "zero"}),
            java.util.Map.entry("model.dtype", new String[] {"double", "float"}),
            java.util.Map.entry("training.epochs", new String[] {"1", "10000"}),
            java.util.Map.entry("training.batch_size", new String[] {"1", "60000"}),
            java.util.Map.entry("training.updater", new String[] {"{type: adam}", "{type: nesterov, momentum: 0.5}"}),
            java.util.Map.entry("training.updater.type", new String[] {"sgd", "adam", "nesterov"}),
            java.util.Map.entry("training.updater.learning_rate", new String[] {"0.01", "1.0e-6", "100.0"}),
            java.util.Map.entry("training.l2", new String[] {"0.0", "1.0e-4"}),
            java.util.Map.entry("training.checkpoint_every", new String[] {"0", "3"}),
            java.util.Map.entry("logging.gradient_norms_every", new String[] {"0", "5"}),
            java.util.Map.entry("logging.out_dir", new String[] {"out", "/tmp/x"}),
            java.util.Map.entry("logging.ui", new String[] {"{enabled: true}", "{port: 0, every: 10}", "{}"}),
            java.util.Map.entry("logging.ui.enabled", new String[] {"true", "false"}),
            java.util.Map.entry("logging.ui.host", new String[] {"0.0.0.0", "localhost", "::1"}),
            java.util.Map.entry("logging.ui.port", new String[] {"0", "65535", "65536"}),
            java.util.Map.entry("logging.ui.every", new String[] {"1", "200"}),
            java.util.Map.entry("handwritten.delta_rule", new String[] {"shortcut", "jacobian", "dl4j"}));

    @TempDir
    Path tmp;

    @Test
    void randomOverridesLoadWithinTheInvariantsOrFailNamingTheOverride() {
        ConfigLoader loader = new ConfigLoader();
        SplittableRandom rng = new SplittableRandom(SEED);
        int loaded = 0;
        int rejected = 0;
        for (int i = 0; i < 1500; i++) {
            List<String> overrides = new ArrayList<>();
            int n = 1 + rng.nextInt(3);
            for (int k = 0; k < n; k++) overrides.add(override(rng));
            String label = "case " + i + ": --set " + String.join(" --set ", overrides);
            RunConfig config;
            try {
                config = loader.load(BASE, overrides);
            } catch (ConfigException e) {
                rejected++;
                assertThat(e.getMessage()).as(label).contains("--set");
                assertThat(overrides).as(label + "\nnamed by: " + e.getMessage())
                        .anyMatch(o -> e.getMessage().contains(o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o.trim()));
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("unexpected " + e + " for " + label, e);
            }
            loaded++;
            ConfigInvariants.check(config, loader, label);
        }
        // both outcomes must be common, or the test proves little
        assertThat(loaded).as("loaded").isGreaterThan(150);
        assertThat(rejected).as("rejected").isGreaterThan(500);
    }

    /** A key (sometimes mutated, sometimes missing its '=') and a value (sometimes mutated). */
    private static String override(SplittableRandom rng) {
        String key = KEYS[rng.nextInt(KEYS.length)];
        String[] fitting = FITTING.get(key);
        String value = fitting != null && rng.nextBoolean() ? fitting[rng.nextInt(fitting.length)] : VALUES[rng.nextInt(VALUES.length)];
        if (rng.nextInt(6) == 0) key = Mutations.mutate(key, rng);
        if (rng.nextInt(4) == 0) value = Mutations.mutate(value.isEmpty() ? "0" : value, rng);
        return switch (rng.nextInt(20)) {
            case 0 -> key;                 // no '='
            case 1 -> "=" + value;         // no key
            case 2 -> key + " = " + value; // spaces around '='
            default -> key + "=" + value;
        };
    }

    private static final String EXPERIMENT = """
            name: fuzz
            base: config/ce-softmax.yaml
            vary:
              model.output: [mse_sigmoid, ce_softmax]
              seed: [1, 2]
              model.hidden: [[{units: 30}], [{units: 30}, {units: 20, activation: relu}]]
            overrides:
              mse_sigmoid: { training.updater.learning_rate: 15.0 }
              seed=2: { training.l2: 1.0e-4, training.checkpoint_every: 0 }
            set:
              training.epochs: 2
              training.updater: {type: nesterov, momentum: 0.9}
              data.train_limit: 1000
              data.validation: 100
            """;

    @Test
    void theUnmutatedExperimentLoadsIntoEightCells() throws IOException {
        ConfigLoader loader = new ConfigLoader();
        Path file = Files.writeString(tmp.resolve("fuzz.yaml"), EXPERIMENT);
        List<Cell> cells = ExperimentPlan.expand(new ExperimentLoader(loader).load(file), loader);
        assertThat(cells).hasSize(8);
        for (Cell c : cells) ConfigInvariants.check(c.config(), loader, c.label());
        assertThat(cells.get(7).config().training().updater().momentum()).isEqualTo(0.9);
        assertThat(cells.get(0).config().training().updater().learningRate()).isEqualTo(15.0);
    }

    @Test
    void mutatedExperimentFilesLoadWithinTheInvariantsOrFailNamingTheFile() throws IOException {
        ConfigLoader loader = new ConfigLoader();
        ExperimentLoader experiments = new ExperimentLoader(loader);
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        int loaded = 0;
        int rejected = 0;
        int cellsChecked = 0;
        for (int i = 0; i < 500; i++) {
            // one or two edits: more would break nearly every file in the same few ways
            String text = Mutations.mutate(EXPERIMENT, rng, 2);
            Path file = Files.writeString(tmp.resolve("exp-" + i + ".yaml"), text);
            String label = "case " + i + ":\n" + text;
            List<Cell> cells;
            try {
                ExperimentSpec spec = experiments.load(file);
                cells = ExperimentPlan.expand(spec, loader);
            } catch (ConfigException e) {
                rejected++;
                assertThat(e.getMessage()).as(label).startsWith(file.toString());
                Files.delete(file);
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("unexpected " + e + " for " + label, e);
            }
            loaded++;
            assertThat(cells).as(label).isNotEmpty();
            for (Cell c : cells) {
                ConfigInvariants.check(c.config(), loader, label + "\ncell " + c.label());
                cellsChecked++;
            }
            Files.delete(file);
        }
        String counts = loaded + " loaded (" + cellsChecked + " cells), " + rejected + " rejected";
        // with this seed: 31 loaded (248 cells), 469 rejected
        assertThat(loaded).as(counts).isGreaterThan(20);
        assertThat(rejected).as(counts).isGreaterThan(350);
        assertThat(cellsChecked).as(counts).isGreaterThan(150);
    }
}
