package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** experiment and report through the command line, on a slice of the real MNIST. */
class ExperimentCommandTest {
    @TempDir
    Path tmp;

    private Path experimentFile() throws IOException {
        return Files.writeString(tmp.resolve("tiny.yaml"), """
                name: tiny
                base: config/ce-softmax.yaml
                vary:
                  model.output: [mse_sigmoid, ce_softmax]
                overrides:
                  mse_sigmoid: { training.updater.learning_rate: 15.0 }
                set:
                  data.train_limit: 1000
                  data.test_limit: 300
                  training.epochs: 1
                  model.hidden: [{units: 20}]
                """);
    }

    @Test
    void runsTheCellsWritesTheReportAndResumesWithoutRetraining() throws IOException {
        Path file = experimentFile();
        Path out = tmp.resolve("out");
        CliResult r = CliResult.run("experiment", "--config", file.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String o = r.out();
        assertThat(o).contains("experiment tiny: 2 cells");
        assertThat(o.indexOf("[2/2]  to run   model.output=ce_softmax")).as("cell list before training")
                .isPositive().isLessThan(o.indexOf("[1/2] start  model.output=mse_sigmoid"));
        assertThat(o).contains("(+ training.updater.learning_rate=15.0)")
                .contains("[1/2] end    model.output=mse_sigmoid: ok, final test accuracy")
                .contains("[2/2] end    model.output=ce_softmax: ok, final test accuracy")
                .contains("2 ok, 0 already done, 0 diverged, 0 failed").contains("report: ");
        Path cell = out.resolve("model.output-ce_softmax");
        for (String f : List.of("config.yaml", "run.json", "iterations.csv", "epochs.csv", "summary.json", "model.zip", "cell.json")) {
            assertThat(cell.resolve(f)).as(f).isRegularFile();
        }
        // 1000 / 64 = 16 minibatches (the last one smaller)
        assertThat(Files.readAllLines(cell.resolve("iterations.csv"))).hasSize(1 + 16);
        for (String f : List.of("report.html", "summary.md", "summary.csv", "experiment.json", "experiment.yaml", "charts/test-accuracy.png")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("summary.md"))).contains("model.output=mse_sigmoid").contains("model.output=ce_softmax");

        CliResult again = CliResult.run("experiment", "--config", file.toString(), "--out", out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("[1/2]  done     model.output=mse_sigmoid").contains("0 ok, 2 already done")
                .doesNotContain("start");

        CliResult report = CliResult.run("report", cell.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("report of 1 run").contains("report.html");
        assertThat(cell.resolve("charts/grad-norm-layer-1.png")).isRegularFile();
    }

    @Test
    void dryRunListsTheCellsAndWritesNothing() throws IOException {
        Path out = tmp.resolve("dry");
        CliResult r = CliResult.run("experiment", "--config", experimentFile().toString(), "--out", out.toString(), "--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("[1/2]  to run   model.output=mse_sigmoid").contains("model.output-ce_softmax")
                .doesNotContain("start");
        assertThat(out).doesNotExist();
    }

    @Test
    void badInputExitsTwoAndHelpExitsZero() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "base: config/ce-softmax.yaml\nvary:\n  model.output: [ce_softmax, mse_sigmod]\n");
        CliResult r = CliResult.run("experiment", "--config", bad.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString()).contains("line 3").contains("mse_sigmod").doesNotContain("\tat ");
        assertThat(tmp.resolve("o")).doesNotExist();

        assertThat(CliResult.run("experiment", "--config", bad.toString(), "--parallel", "0").exitCode()).isEqualTo(2);
        CliResult notARun = CliResult.run("report", tmp.toString());
        assertThat(notARun.exitCode()).isEqualTo(2);
        assertThat(notARun.err()).contains("neither a run directory");
        for (String cmd : List.of("experiment", "report")) {
            CliResult help = CliResult.run(cmd, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: backprop-lab " + cmd);
        }
    }
}
