package bplab.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import bplab.compare.LockstepResult.Quantity;
import bplab.config.ConfigLoader;
import bplab.config.Dtype;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DL4J vs the hand-written engine on a slice of the real MNIST, a few iterations each, and one full
 * epoch of the shipped 784-100-10 config on all 60,000 training images.
 */
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

    private static final Tolerances DOUBLE = Tolerances.defaults(Dtype.DOUBLE);

    private LockstepResult run(RunConfig cfg, long iterations, Lockstep.GradientTap tap) {
        return run(cfg, train, iterations, new Lockstep(cfg).withGradientTap(tap), DOUBLE);
    }

    private LockstepResult run(RunConfig cfg, Dataset data, long iterations, Lockstep lockstep, Tolerances tolerances) {
        try (lockstep) {
            return lockstep.run(data, iterations, tolerances, tmp.resolve("compare-" + System.nanoTime() + ".csv"), (i, n) -> {});
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OutputConfig.class)
    void everyOutputConfigurationAgreesToMachinePrecision(OutputConfig output) {
        LockstepResult r = run(config("model.output=" + output.yamlName()), 8, (i, g) -> {});
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.parameters()).allSatisfy(p -> {
            assertThat(p.worstRelativeError()).as(p.name()).isLessThan(1e-12);
            assertThat(p.maxParamDiff()).as(p.name()).isLessThan(1e-12);
        });
        assertThat(r.check(Quantity.LOSS).worst()).isLessThan(1e-12);
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
        assertThat(r.firstViolation().quantity()).isEqualTo(Quantity.GRADIENT);
        assertThat(r.firstViolation().iteration()).isEqualTo(3);
        assertThat(r.firstViolation().parameter()).isEqualTo("1_b");
        assertThat(r.firstViolation().value()).isBetween(0.001, 0.02);
    }

    @Test
    void writesOneCompleteRowPerIteration() throws IOException {
        Path csv = tmp.resolve("c.csv");
        try (Lockstep lockstep = new Lockstep(config())) {
            lockstep.run(train, 25, DOUBLE, csv, (i, n) -> {});
        }
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(26);
        assertThat(lines.get(0)).isEqualTo(String.join(",", Lockstep.header(2)));
        // 640 / 32 = 20 minibatches per epoch: iteration 20 starts epoch 1
        assertThat(lines.get(21)).startsWith("20,1,");
    }

    @Test
    void aPartialLastMinibatchAgreesAcrossTheEpochBoundary() {
        // 100 examples in minibatches of 32: 32, 32, 32 and a last one of 4, then the next epoch.
        RunConfig cfg = config("data.train_limit=100");
        Dataset hundred = DataSplit.load(cfg.data(), null).train();
        assertThat(hundred.size()).isEqualTo(100);
        assertThat(BatchOrder.batches(hundred.size(), 32)).isEqualTo(4);
        for (String output : List.of("ce_softmax", "mse_sigmoid")) {
            RunConfig c = config("data.train_limit=100", "model.output=" + output, "training.l2=0.0005",
                    "training.updater={type: nesterov, learning_rate: 0.1, momentum: 0.9}");
            LockstepResult r = run(c, hundred, 10, new Lockstep(c), DOUBLE);
            assertThat(r.passed()).as(output + ": " + r).isTrue();
            assertThat(r.checks()).as(output).allSatisfy(check -> assertThat(check.worst()).isLessThan(1e-12));
        }
    }

    @Test
    void floatDiffersByFloatRoundingAndPassesTheFloatDefaults() {
        RunConfig cfg = config("model.dtype=float");
        LockstepResult r = run(cfg, train, 40, new Lockstep(cfg), Tolerances.defaults(Dtype.FLOAT));
        assertThat(r.passed()).as(r.toString()).isTrue();
        // Float rounding (measured 3.0e-7, 1.7e-7 and 1.2e-7 over these 40 iterations when the
        // hand-written engine computed in double and stored float; both now compute in float): far above
        // double rounding (1e-15), so float really is computed in float; far below the tolerances.
        assertThat(r.check(Quantity.GRADIENT).worst()).isBetween(1e-9, 1e-5);
        assertThat(r.check(Quantity.LOSS).worst()).isBetween(1e-9, 1e-5);
        assertThat(r.check(Quantity.PARAMETER).worst()).isBetween(1e-9, 1e-5);
    }

    @Test
    void aLossOnlyBugIsCaughtByTheLossTolerance() {
        // The hand-written engine reports a loss 0.1% too high from iteration 2 on; gradients and updates are right.
        RunConfig cfg = config("model.output=mse_sigmoid");
        Lockstep lockstep = new Lockstep(cfg).withLossTap((iteration, loss) -> iteration >= 2 ? loss * 1.001 : loss);
        LockstepResult r = run(cfg, train, 6, lockstep, DOUBLE);
        assertThat(r.passed()).isFalse();
        assertThat(r.violations()).hasSize(1);
        LockstepResult.Violation v = r.firstViolation();
        assertThat(v.quantity()).isEqualTo(Quantity.LOSS);
        assertThat(v.iteration()).isEqualTo(2);
        assertThat(v.parameter()).isNull();
        assertThat(v.value()).isCloseTo(0.001 / 1.001, within(1e-9));
        assertThat(v.tolerance()).isEqualTo(DOUBLE.loss());
        assertThat(r.check(Quantity.GRADIENT).passed()).isTrue();
        assertThat(r.check(Quantity.PARAMETER).passed()).isTrue();
    }

    @Test
    void aParameterOnlyBugIsCaughtByTheParameterTolerance() {
        // After the update of iteration 3 (the last), one output bias is off by 1e-6, as if the
        // updater had added a wrong term; gradients and loss of every iteration are right.
        RunConfig cfg = config("model.output=mse_sigmoid");
        Lockstep lockstep = new Lockstep(cfg).withParameterTap((iteration, hand) -> {
            if (iteration == 3) {
                double[] b = hand.getBiases(1);
                b[7] += 1e-6;
                hand.setBiases(1, b);
            }
        });
        LockstepResult r = run(cfg, train, 4, lockstep, DOUBLE);
        assertThat(r.passed()).isFalse();
        assertThat(r.violations()).hasSize(1);
        LockstepResult.Violation v = r.firstViolation();
        assertThat(v.quantity()).isEqualTo(Quantity.PARAMETER);
        assertThat(v.iteration()).isEqualTo(3);
        assertThat(v.parameter()).isEqualTo("1_b");
        assertThat(v.value()).isCloseTo(1e-6, within(1e-12));
        assertThat(r.check(Quantity.GRADIENT).passed()).isTrue();
        assertThat(r.check(Quantity.LOSS).passed()).isTrue();
    }

    /**
     * The shipped config in double for a whole epoch on all of MNIST (938 minibatches of 64, the last
     * of 32): rounding differences must stay rounding-sized to the end, not grow with the iterations.
     */
    @Test
    void aFullEpochOfTheShipped784x100x10ConfigAgreesToRoundingInDouble() throws IOException {
        RunConfig cfg = new ConfigLoader().load(Path.of("config/ce-softmax.yaml"), List.of("model.dtype=double", "data.test_limit=10"));
        assertThat(cfg.model().hidden()).hasSize(1);
        assertThat(cfg.model().hidden().get(0).units()).isEqualTo(100);
        Dataset all = DataSplit.load(cfg.data(), null).train();
        assertThat(all.size()).isEqualTo(60_000);
        Path csv = tmp.resolve("epoch.csv");
        LockstepResult r;
        try (Lockstep lockstep = new Lockstep(cfg)) {
            r = lockstep.run(all, 938, DOUBLE, csv, (i, n) -> {});
        }
        assertThat(r.iterations()).isEqualTo(938);
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.parameters()).extracting(LockstepResult.ParameterAgreement::name).containsExactly("0_W", "0_b", "1_W", "1_b");
        assertThat(r.checks()).allSatisfy(check -> assertThat(check.worst()).as(check.quantity().label()).isLessThan(1e-12));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + 938);
        assertThat(lines.get(938)).as("the last minibatch is still epoch 0").startsWith("937,0,");
    }
}
