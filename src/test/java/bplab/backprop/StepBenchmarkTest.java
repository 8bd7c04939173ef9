package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Hand-run speed measurement of Trainer.step on 784-100-10 (sigmoid, softmax+MCXENT, batch 64, inputs
 * ~80% zeros). Skipped unless -Dbench=true:
 * {@code mvn -B -o -q test -Dexec.skip=true -Dtest=StepBenchmarkTest -Dbench=true}
 * Results go to target/step-benchmark.txt (no timed assertions).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class StepBenchmarkTest {

    @Test
    void measureStepThroughputWithOneAndTwoThreads() throws Exception {
        int batch = 64;
        int batches = 50;
        float[] x = NetworkTest.sparseInput(batch * batches, 784, 1);
        int[] labels = new int[batch * batches];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        List<String> lines = new ArrayList<>();
        for (int threads : new int[] {1, 2, 1, 2}) {
            for (Precision precision : Precision.values()) {
                try (Network net = Network.builder().layers(784, 100, 10).hidden(Activation.SIGMOID)
                        .output(Activation.SOFTMAX, Loss.MCXENT).threads(threads).precision(precision).build()) {
                    Trainer t = new Trainer(net, new Updater.Nesterovs(0.1, 0.9));
                    float[][] xs = new float[batches][];
                    int[][] ls = new int[batches][];
                    for (int b = 0; b < batches; b++) {
                        xs[b] = java.util.Arrays.copyOfRange(x, b * batch * 784, (b + 1) * batch * 784);
                        ls[b] = java.util.Arrays.copyOfRange(labels, b * batch, (b + 1) * batch);
                    }
                    for (int warm = 0; warm < 20; warm++) {
                        t.step(xs[warm % batches], ls[warm % batches], batch);
                    }
                    int steps = 1000;
                    long start = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        t.step(xs[s % batches], ls[s % batches], batch);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    lines.add(String.format("threads=%d precision=%s: %.0f examples/s (%.3f ms/step)", threads,
                            precision, steps * batch / seconds, 1000 * seconds / steps));
                }
            }
        }
        java.nio.file.Files.write(java.nio.file.Path.of("target/step-benchmark.txt"), lines);
        assertThat(lines).hasSize(8);
    }
}
