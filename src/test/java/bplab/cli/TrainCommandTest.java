package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the command line, on a slice of the real MNIST. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private String[] trainArgs(Path runDir, String... sets) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", "config/ce-softmax.yaml",
                "--run-dir", runDir.toString(), "--progress", "plain",
                "--set", "data.train_limit=3000", "--set", "data.test_limit=1000", "--set", "training.epochs=2",
                "--set", "model.hidden[0].units=30"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return args.toArray(String[]::new);
    }

    @Test
    void trainsASliceWritesEveryOutputAndEvaluatesTheSavedModelTheSame() throws IOException {
        Path run = tmp.resolve("run");
        CliResult r = CliResult.run(trainArgs(run));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 2/2").contains("final test accuracy").contains("confusion matrix");
        for (String f : List.of("config.yaml", "run.json", "iterations.csv", "epochs.csv", "confusion.csv",
                "summary.json", "model.zip", "train.log")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        // 3000 examples / 64 = 47 minibatches per epoch, 2 epochs, plus a header; every row complete.
        List<String> iterations = Files.readAllLines(run.resolve("iterations.csv"));
        assertThat(iterations).hasSize(1 + 2 * 47);
        assertThat(iterations.get(0)).startsWith("iteration,epoch,batch_size,loss,l2_penalty,output_delta_norm,grad_norm_0_W,grad_norm_0_b,grad_norm_1_W");
        int columns = iterations.get(0).split(",", -1).length;
        for (String line : iterations.subList(1, iterations.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(columns);
            for (String c : cells) assertThat(Double.parseDouble(c)).isFinite();
        }
        assertThat(Files.readAllLines(run.resolve("epochs.csv"))).hasSize(3);

        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        double accuracy = summary.get("final_test_accuracy").asDouble();
        assertThat(accuracy).isGreaterThan(0.80);
        // peak resident memory of the process, from /proc/self/status on Linux; null elsewhere
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(summary.get("peak_rss_bytes").asLong()).isGreaterThan(50L << 20);
        } else {
            assertThat(summary.get("peak_rss_bytes").isNull()).isTrue();
        }
        JsonNode provenance = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertThat(provenance.get("seed").asLong()).isEqualTo(42);
        assertThat(provenance.at("/versions/java").asText()).isNotBlank();
        assertThat(provenance.at("/versions/deeplearning4j").asText()).isIn("1.0.0-M2.1");
        assertThat(provenance.at("/data/identified_as").asText()).isEqualTo("mnist");
        assertThat(provenance.at("/data/md5/train-labels-idx1-ubyte").asText()).isEqualTo("a25bea736e30d166cdddb491f175f624");
        assertThat(provenance.at("/git/commit").asText()).matches("[0-9a-f]{40}|unknown");
        assertThat(provenance.at("/git/dirty").isBoolean() || provenance.at("/git/dirty").asText().equals("unknown")).isTrue();
        RunConfig resolved = new ConfigLoader().load(run.resolve("config.yaml"), List.of());
        assertThat(resolved.training().epochs()).isEqualTo(2);
        assertThat(resolved.model().hidden().get(0).units()).isEqualTo(30);
        assertThat(Files.readString(run.resolve("train.log"))).contains("run finished");

        CliResult eval = CliResult.run("evaluate", "--model", run.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(java.util.Locale.ROOT, "accuracy %.2f%%", 100 * accuracy));
        assertThat(eval.out()).contains("on 1000 test examples");
    }

    @Test
    void divergenceStopsWithExitOneAndKeepsTheMetrics() throws IOException {
        Path run = tmp.resolve("diverge");
        CliResult r = CliResult.run(trainArgs(run, "model.output=mse_identity", "training.updater.learning_rate=1e6"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("training diverged at iteration").contains("lower training.updater.learning_rate")
                .doesNotContain("Exception");
        assertMetricsKeptWithCompleteRows(run);
    }

    @Test
    void handWrittenEngineDivergenceStopsWithExitOneNamingTheLayer() throws IOException {
        Path run = tmp.resolve("diverge-hw");
        CliResult r = CliResult.run(trainArgs(run, "engine=handwritten", "model.output=mse_identity",
                "training.updater.learning_rate=1e6"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("training diverged at iteration").containsPattern("layer \\d")
                .doesNotContain("Exception");
        assertMetricsKeptWithCompleteRows(run);
    }

    private static void assertMetricsKeptWithCompleteRows(Path run) throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("iterations.csv"));
        assertThat(rows.size()).isGreaterThan(1);
        int columns = rows.get(0).split(",", -1).length;
        assertThat(rows).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(columns));
    }

    @Test
    void badConfigExitsTwoWithoutStackTraceOrRunDirectory() throws IOException {
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, "name: x\ntraining:\n  epocs: 3\nlogging: {out_dir: " + tmp.resolve("runs") + "}\n");
        CliResult r = CliResult.run("train", "--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(cfg.toString()).contains("line 3").contains("did you mean 'epochs'?")
                .doesNotContain("\tat ");
        assertThat(tmp.resolve("runs")).doesNotExist();
        CliResult verbose = CliResult.run("train", "--verbose", "--config", cfg.toString());
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void missingDataAndExistingRunDirAndUnwritableOutputExitTwo() throws IOException {
        CliResult noData = CliResult.run(trainArgs(tmp.resolve("r1"), "data.dir=" + tmp.resolve("nowhere")));
        assertThat(noData.exitCode()).isEqualTo(2);
        assertThat(noData.err()).contains("no such directory");

        Path existing = Files.createDirectories(tmp.resolve("r2"));
        Files.writeString(existing.resolve("keep.txt"), "precious");
        CliResult taken = CliResult.run(trainArgs(existing));
        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.err()).contains("already exists");
        assertThat(Files.list(existing)).hasSize(1);

        Path file = Files.writeString(tmp.resolve("plainfile"), "x");
        CliResult unwritable = CliResult.run("train", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=100",
                "--set", "logging.out_dir=" + file.resolve("runs"));
        assertThat(unwritable.exitCode()).isEqualTo(2);
        assertThat(unwritable.err()).contains("cannot create or write the output directory");
    }

    @Test
    void badArgumentsExitTwoAndHelpExitsZero() {
        assertThat(CliResult.run("train").exitCode()).isEqualTo(2);
        assertThat(CliResult.run("train", "--config", "config/ce-softmax.yaml", "--bogus").exitCode()).isEqualTo(2);
        assertThat(CliResult.run("frobnicate").exitCode()).isEqualTo(2);
        for (String cmd : List.of("train", "evaluate", "benchmark")) {
            CliResult help = CliResult.run(cmd, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: backprop-lab " + cmd);
        }
        assertThat(CliResult.run("--help").out()).contains("Exit codes");
    }

    @Test
    void evaluateOfAMissingModelExitsTwo() {
        CliResult r = CliResult.run("evaluate", "--model", tmp.resolve("none").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no such model file");
    }

    @Test
    void theJacobianRuleStopsWithExit1WhereATargetProbabilityUnderflowedAndNamesTheFix() {
        Path run = tmp.resolve("jacobian");
        CliResult r = CliResult.run(trainArgs(run, "engine=handwritten", "handwritten.delta_rule=jacobian",
                "model.weight_init=normal_unit", "model.bias_init=normal_unit", "training.updater.learning_rate=50",
                "model.hidden[0].units=100"));
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("training diverged at iteration").contains("the Jacobian delta rule is undefined")
                .contains("with target 1.0, so dL/da = -Infinity").contains("closed form p - y")
                .contains("handwritten.delta_rule: shortcut");
        // the same run with the closed form trains on
        CliResult shortcut = CliResult.run(trainArgs(tmp.resolve("shortcut"), "engine=handwritten",
                "handwritten.delta_rule=shortcut", "model.weight_init=normal_unit", "model.bias_init=normal_unit",
                "training.updater.learning_rate=50", "model.hidden[0].units=100", "training.epochs=1"));
        assertThat(shortcut.exitCode()).as(shortcut.err()).isZero();
    }
}
