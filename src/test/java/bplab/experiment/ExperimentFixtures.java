package bplab.experiment;

import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.train.Evaluation;
import bplab.train.GradientStats;
import bplab.train.StepResult;
import bplab.train.TrainingEngine;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny IDX data set and an engine that trains nothing, so runner tests take milliseconds. */
final class ExperimentFixtures {
    private ExperimentFixtures() {}

    /** Writes {@code train} + {@code test} blank 28x28 images with labels i % 10 in MNIST's file names. */
    static Path mnist(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        idx(dir.resolve("train-images-idx3-ubyte"), 2051, train, true);
        idx(dir.resolve("train-labels-idx1-ubyte"), 2049, train, false);
        idx(dir.resolve("t10k-images-idx3-ubyte"), 2051, test, true);
        idx(dir.resolve("t10k-labels-idx1-ubyte"), 2049, test, false);
        return dir;
    }

    private static void idx(Path file, int magic, int count, boolean images) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(magic);
            out.writeInt(count);
            if (images) {
                out.writeInt(28);
                out.writeInt(28);
                out.write(new byte[count * 28 * 28]);
            } else {
                for (int i = 0; i < count; i++) out.writeByte(i % 10);
            }
        }
    }

    /**
     * An engine whose test accuracy climbs by 10 points per evaluation from 50%, whose loss
     * halves each step, and whose loss becomes NaN at the first step if {@code diverge}.
     */
    static final class FakeEngine implements TrainingEngine {
        private final boolean diverge;
        private final AtomicInteger steps;
        private int evaluations;
        private double loss = 1.0;

        FakeEngine(boolean diverge, AtomicInteger steps) {
            this.diverge = diverge;
            this.steps = steps;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public int[] layerSizes() {
            return new int[] {784, 5, 10};
        }

        @Override
        public StepResult step(Minibatch batch, boolean recordStats) {
            steps.incrementAndGet();
            loss = diverge ? Double.NaN : loss / 2;
            GradientStats stats = recordStats
                    ? new GradientStats(new double[] {loss, 2 * loss}, new double[] {loss, loss}, new double[] {1e-3, 1e-3}, 3 * loss)
                    : null;
            return new StepResult(loss, 0.0, stats);
        }

        @Override
        public Evaluation evaluate(Dataset data) {
            double accuracy = Math.min(1.0, 0.5 + 0.1 * evaluations++);
            int[][] confusion = new int[10][10];
            int correct = (int) Math.round(accuracy * 100);
            confusion[0][0] = correct;
            confusion[0][1] = 100 - correct;
            return Evaluation.of(0.5 * 100, confusion);
        }

        @Override
        public void save(Path file) throws IOException {
            Files.writeString(file, "fake model");
        }

        @Override
        public void saveState(Path file) throws IOException {
            Files.writeString(file, loss + "," + evaluations);
        }

        @Override
        public void restoreState(Path file) throws IOException {
            String[] s = Files.readString(file).split(",");
            loss = Double.parseDouble(s[0]);
            evaluations = Integer.parseInt(s[1]);
        }

        @Override
        public String firstNonFiniteParameter() {
            return Double.isFinite(loss) ? null : "layer 0 weights (0_W)";
        }
    }
}
