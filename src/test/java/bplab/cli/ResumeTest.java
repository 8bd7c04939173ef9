package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A run killed with SIGKILL mid-epoch and resumed from its last checkpoint, or stopped with SIGTERM
 * mid-epoch under {@code checkpoint_every: 0} and resumed from the checkpoint the stop wrote, writes
 * exactly the per-iteration metrics of a run that was never interrupted (double precision, same config).
 * The interrupted run is a child JVM, so the signals are real.
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
        Process p = startChild(args(engine, killed), tmp.resolve("killed.log"));
        Path iterations = killed.resolve("iterations.csv");
        awaitRows(p, iterations, 5 * PER_EPOCH + PER_EPOCH / 2);
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

    /**
     * SIGTERM in the middle of epoch 1 with {@code training.checkpoint_every=0} (no checkpoint at epoch
     * ends): the run stops after its current iteration, writes the one checkpoint it will have, exits 130,
     * and resumed from there it writes the files of an uninterrupted run.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dl4j", "handwritten"})
    void stoppedBySigtermMidEpochWithoutPeriodicCheckpointsThenResumedEqualsAnUninterruptedRun(String engine) throws Exception {
        Path stopped = tmp.resolve("stopped");
        List<String> stoppedArgs = shortArgs(engine, stopped);
        stoppedArgs.addAll(List.of("--set", "training.checkpoint_every=0"));
        Path log = tmp.resolve("stopped.log");
        Process p = startChild(stoppedArgs, log);
        Path iterations = stopped.resolve("iterations.csv");
        awaitRows(p, iterations, PER_EPOCH + PER_EPOCH / 2);
        assertThat(p.isAlive()).as("the run must still be going when it is stopped").isTrue();
        assertThat(stopped.resolve("checkpoint.json")).as("checkpoint_every: 0 writes none at the end of epoch 0").doesNotExist();
        p.destroy(); // SIGTERM on Linux: the run's handler asks the loop to stop after this iteration
        assertThat(p.waitFor(30, TimeUnit.MINUTES)).as("the run stops after SIGTERM").isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isEqualTo(130);
        assertThat(output).contains("checkpoint written").contains("train --resume " + stopped);
        assertThat(stopped.resolve("summary.json")).doesNotExist();

        // The checkpoint the stop wrote is where the flushed rows end: every iteration before it, none after.
        JsonNode checkpoint = new ObjectMapper().readTree(stopped.resolve("checkpoint.json").toFile());
        long at = checkpoint.path("iteration").asLong();
        assertThat(at).isGreaterThanOrEqualTo(PER_EPOCH + PER_EPOCH / 2).isLessThan(SHORT_EPOCHS * PER_EPOCH);
        assertThat(rows(iterations)).isEqualTo(at);
        assertThat(checkpoint.path("epoch").asLong() * PER_EPOCH + checkpoint.path("next_batch").asLong()).isEqualTo(at);
        assertThat(stopped.resolve(checkpoint.path("state_file").asText())).isRegularFile();

        CliResult resumed = CliResult.run("train", "--resume", stopped.toString(), "--progress", "none");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming run");

        Path reference = tmp.resolve("reference");
        CliResult uninterrupted = CliResult.run(shortArgs(engine, reference).toArray(String[]::new));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        List<String> a = Files.readAllLines(iterations);
        assertThat(a).hasSize(1 + SHORT_EPOCHS * PER_EPOCH);
        assertThat(a).isEqualTo(Files.readAllLines(reference.resolve("iterations.csv")));
        assertThat(columns(stopped.resolve("epochs.csv"), 8)).isEqualTo(columns(reference.resolve("epochs.csv"), 8));
        assertThat(Files.readString(stopped.resolve("confusion.csv"))).isEqualTo(Files.readString(reference.resolve("confusion.csv")));
    }

    /**
     * The SIGTERM test's run: 4 epochs. A stop takes effect after the iteration that is running (the
     * signal only sets a flag the loop polls), so 2.5 epochs of margin after the signal are plenty.
     */
    private static final int SHORT_EPOCHS = 4;

    private List<String> shortArgs(String engine, Path runDir) {
        List<String> a = args(engine, runDir);
        a.addAll(List.of("--set", "training.epochs=" + SHORT_EPOCHS));
        return a;
    }

    /** train in a child JVM on the class path users run (the test class path without Spark), its output to {@code log}. */
    private static Process startChild(List<String> trainArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", DefaultClassPath.get(),
                "bplab.cli.Main"));
        command.addAll(trainArgs);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until {@code file} holds {@code n} data rows (the run got that far) or the process ended;
     * no deadline (a loaded machine only makes it take longer), but a hang of half an hour fails.
     */
    private static void awaitRows(Process p, Path file, long n) throws InterruptedException, IOException {
        long hang = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (rows(file) < n && p.isAlive()) {
            if (System.nanoTime() > hang) throw new AssertionError("the child run wrote " + rows(file) + " rows in 30 minutes");
            Thread.sleep(10);
        }
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
