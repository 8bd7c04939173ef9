package bplab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DL4J vs the hand-written engine on a slice of the real MNIST, a few iterations each. */
class LockstepTest {
    static Dataset train;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadSlice() {
        train = DataSplit.load(config().data(), null).train();
    }

    static RunConfig config(String... sets) {
        List<String> all = new ArrayList<>(List.of("model.dtype=double", "data.train_limit=640", "data.test_limit=10",
                "training.batch_size=32", "model.hidden=[{units: 24, activation: sigmoid}]"));
        all.addAll(List.of(sets));
        return new ConfigLoader().load(Path.of("config/ce-softmax.yaml"), all);
    }

    private LockstepResult run(RunConfig cfg, long iterations, Lockstep.GradientTap tap) {
        try (Lockstep lockstep = new Lockstep(cfg).withGradientTap(tap)) {
            return lockstep.run(train, iterations, 1e-10, tmp.resolve("compare-" + System.nanoTime() + ".csv"), (i, n) -> {});
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_softmax", "mse_sigmoid", "mse_softmax", "mse_identity", "mse_tanh", "l2_sigmoid", "xent_sigmoid"})
    void everyOutputConfigurationAgreesToMachinePrecision(String output) {
        LockstepResult r = run(config("model.output=" + output), 8, (i, g) -> {});
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.parameters()).allSatisfy(p -> {
            assertThat(p.worstRelativeError()).as(p.name()).isLessThan(1e-12);
            assertThat(p.maxParamDiff()).as(p.name()).isLessThan(1e-12);
        });
        assertThat(r.worstLossError()).isLessThan(1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{type: sgd, learning_rate: 0.3}", "{type: nesterov, learning_rate: 0.1, momentum: 0.9}",
            "{type: adam, learning_rate: 0.01}"})
    void everyUpdaterWithL2AndMixedHiddenActivationsAgrees(String updater) {
        RunConfig cfg = config("training.updater=" + updater, "training.l2=0.0005",
                "model.hidden=[{units: 20, activation: relu}, {units: 12, activation: tanh}, {units: 8, activation: identity}]");
        LockstepResult r = run(cfg, 8, (i, g) -> {});
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.parameters()).hasSize(8).allSatisfy(p -> assertThat(p.maxParamDiff()).isLessThan(1e-12));
    }

    @Test
    void aWrongDerivativeInTheHandWrittenEngineIsCaughtAtItsIteration() {
        // Simulate a backprop bug: from iteration 3 on, the output-layer bias gradient is off by 1%
        // (as if sigma'(z) were applied with a wrong constant).
        LockstepResult r = run(config("model.output=mse_sigmoid"), 6, (iteration, g) -> {
            if (iteration >= 3) {
                double[] db = g.db()[1];
                for (int j = 0; j < db.length; j++) db[j] *= 1.01;
            }
        });
        assertThat(r.passed()).isFalse();
        assertThat(r.firstViolation().iteration()).isEqualTo(3);
        assertThat(r.firstViolation().parameter()).isEqualTo("1_b");
        assertThat(r.firstViolation().relativeError()).isBetween(0.001, 0.02);
    }

    @Test
    void writesOneCompleteRowPerIteration() throws IOException {
        Path csv = tmp.resolve("c.csv");
        try (Lockstep lockstep = new Lockstep(config())) {
            lockstep.run(train, 25, 1e-10, csv, (i, n) -> {});
        }
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(26);
        assertThat(lines.get(0)).isEqualTo(String.join(",", Lockstep.header(2)));
        // 640 / 32 = 20 minibatches per epoch: iteration 20 starts epoch 1
        assertThat(lines.get(21)).startsWith("20,1,");
    }
}
