package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed with SIGKILL mid-epoch and resumed from its last checkpoint writes exactly the
 * per-iteration metrics of a run that was never interrupted (double precision, same config).
 */
class ResumeTest {
    @TempDir
    Path tmp;

    private static final int PER_EPOCH = 100; // 2000 examples / batch 20

    private List<String> args(String engine, Path runDir) {
        return new ArrayList<>(List.of("train", "--config", "config/ce-softmax.yaml", "--run-dir", runDir.toString(),
                "--progress", "none", "--set", "engine=" + engine, "--set", "model.dtype=double",
                "--set", "data.train_limit=2000", "--set", "data.test_limit=300", "--set", "training.batch_size=20",
                "--set", "training.epochs=12", "--set", "model.hidden[0].units=32",
                "--set", "training.updater={type: adam, learning_rate: 0.002}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dl4j", "handwritten"})
    void killedMidEpochThenResumedEqualsAnUninterruptedRun(String engine) throws Exception {
        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "bplab.cli.Main"));
        command.addAll(args(engine, killed));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("killed.log").toFile()).start();
        Path iterations = killed.resolve("iterations.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (rows(iterations) < 5 * PER_EPOCH + PER_EPOCH / 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(p.isAlive()).as("the run must still be going when it is killed").isTrue();
        p.destroyForcibly(); // SIGKILL: no handler runs, nothing is flushed on the way out
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.resolve("summary.json")).doesNotExist();
        assertThat(killed.resolve("checkpoint.json")).exists();

        CliResult resumed = CliResult.run("train", "--resume", killed.toString(), "--progress", "none");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming run");

        Path reference = tmp.resolve("reference");
        CliResult uninterrupted = CliResult.run(args(engine, reference).toArray(String[]::new));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        List<String> a = Files.readAllLines(iterations);
        List<String> b = Files.readAllLines(reference.resolve("iterations.csv"));
        assertThat(a).hasSize(1 + 12 * PER_EPOCH);
        assertThat(a).isEqualTo(b);
        assertThat(columns(killed.resolve("epochs.csv"), 7)).isEqualTo(columns(reference.resolve("epochs.csv"), 7));
        assertThat(Files.readString(killed.resolve("summary.json"))).contains("final_test_accuracy");
    }

    private static long rows(Path file) throws IOException {
        if (!Files.exists(file)) return 0;
        try (var lines = Files.lines(file)) {
            return lines.count() - 1;
        } catch (java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** The first n columns (epoch .. validation accuracy; timings differ between runs). */
    private static List<String> columns(Path csv, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] c = line.split(",", -1);
            out.add(String.join(",", java.util.Arrays.copyOf(c, n)));
        }
        return out;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
