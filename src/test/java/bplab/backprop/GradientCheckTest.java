package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gradient check is itself checked against facts that do not come from it: a gradient worked out
 * on paper for a 2-2-1 network, gradients that are wrong on purpose (one entry off by 1%, a sign, a
 * missing 1/nOut), and a dead ReLU unit whose exact zeros must be skipped, not counted.
 */
class GradientCheckTest {

    /**
     * 2-2-1, one example x = (1, 2), target y = 0, identity output with MSE (nOut = 1, so L = (a - y)^2).
     * W^0 (row-major [nIn][nOut]) = [[0.5, -1], [-0.25, 0.5]], b^0 = (0, 0): both hidden z are 0.
     * W^1 = [[2], [-1]], b^1 = 0.25.
     */
    private static Network paperNetwork(Activation hidden, double[] b0) {
        Network net = Network.builder().layers(2, 2, 1).hidden(hidden)
                .output(Activation.IDENTITY, Loss.MSE).threads(1).build();
        net.setParameters(0, new double[] {0.5, -1, -0.25, 0.5}, b0);
        net.setParameters(1, new double[] {2, -1}, new double[] {0.25});
        return net;
    }

    private static final double[] X = {1, 2};
    private static final double[] Y = {0};

    /**
     * Sigmoid hidden layer, worked on paper: z^1 = (0, 0), h = (1/2, 1/2), sigma' = 1/4; a = 2/2 - 1/2 + 1/4
     * = 3/4; L = 9/16; e = dL/da = 2 (a - y) = 3/2. dL/dW^1 = e h = (3/4, 3/4); dL/db^1 = 3/2;
     * dL/db^0_j = e W^1_j sigma' = (3/4, -3/8); dL/dW^0_kj = x_k dL/db^0_j = [[3/4, -3/8], [3/2, -3/4]].
     * Every number is exact in binary.
     */
    private static Gradients paperSigmoidGradient() {
        return new Gradients(
                new double[][] {{0.75, -0.375, 1.5, -0.75}, {0.75, 0.75}},
                new double[][] {{0.75, -0.375}, {1.5}},
                0.5625, Double.NaN);
    }

    @Test
    void finiteDifferencesAgreeWithAGradientWorkedOutOnPaper() {
        try (Network net = paperNetwork(Activation.SIGMOID, new double[] {0, 0})) {
            GradientCheck.Comparison c = GradientCheck.compare(net, X, Y, 1, paperSigmoidGradient());
            assertThat(c.checked()).isEqualTo(9);
            assertThat(c.skipped()).isZero();
            assertThat(c.maxRelativeError()).isLessThan(1e-9);
            assertThat(net.getWeights(0)).as("parameters restored").containsExactly(0.5, -1, -0.25, 0.5);
            assertThat(net.getBiases(1)).containsExactly(0.25);
        }
    }

    @Test
    void theEngineGivesThePaperGradient() {
        try (Network net = paperNetwork(Activation.SIGMOID, new double[] {0, 0})) {
            Gradients g = net.backprop(X, Y, 1);
            Gradients paper = paperSigmoidGradient();
            assertThat(g.loss()).isCloseTo(0.5625, within(1e-15));
            for (int l = 0; l < 2; l++) {
                assertThat(g.dW()[l]).containsExactly(paper.dW()[l], within(1e-15));
                assertThat(g.db()[l]).containsExactly(paper.db()[l], within(1e-15));
            }
        }
    }

    @Test
    void aGradientOffByOnePercentInOneEntryIsReportedAsAOnePercentError() {
        Gradients wrong = paperSigmoidGradient();
        wrong.dW()[0][3] = -0.75 * 1.01;
        try (Network net = paperNetwork(Activation.SIGMOID, new double[] {0, 0})) {
            double rel = GradientCheck.compare(net, X, Y, 1, wrong).maxRelativeError();
            // |(-0.7575) - (-0.75)| / 0.7575
            assertThat(rel).isCloseTo(0.0075 / 0.7575, within(1e-8));
        }
    }

    @Test
    void aGradientWithTheWrongSignIsReportedAsRelativeErrorTwo() {
        Gradients wrong = paperSigmoidGradient();
        wrong.db()[1][0] = -1.5;
        try (Network net = paperNetwork(Activation.SIGMOID, new double[] {0, 0})) {
            assertThat(GradientCheck.compare(net, X, Y, 1, wrong).maxRelativeError()).isCloseTo(2.0, within(1e-8));
        }
    }

    /**
     * ReLU hidden layer with b^0 = (0.5, -1): z^1 = (0.5, -1), h = (0.5, 0), the second unit is dead.
     * a = 2 * 0.5 + 0.25 = 1.25, e = 2.5; dL/dW^1 = (1.25, 0); dL/db^1 = 2.5; dL/db^0 = (5, 0);
     * dL/dW^0 = [[5, 0], [10, 0]]. The dead unit's four parameters have gradient exactly 0 both ways
     * (perturbing them by 2h keeps z^1_2 &lt; 0, and h_2 = 0 multiplies W^1_2): skipped, not counted.
     */
    @Test
    void exactZerosOfADeadReluUnitAreSkippedAndTheRestMatchesThePaper() {
        Gradients paper = new Gradients(
                new double[][] {{5, 0, 10, 0}, {1.25, 0}},
                new double[][] {{5, 0}, {2.5}},
                1.5625, Double.NaN);
        try (Network net = paperNetwork(Activation.RELU, new double[] {0.5, -1})) {
            GradientCheck.Comparison c = GradientCheck.compare(net, X, Y, 1, paper);
            assertThat(c.skipped()).isEqualTo(4);
            assertThat(c.checked()).isEqualTo(5);
            assertThat(c.maxRelativeError()).isLessThan(1e-9);
            Gradients g = net.backprop(X, Y, 1);
            assertThat(g.dW()[0]).containsExactly(paper.dW()[0], within(1e-15));
            assertThat(g.db()[0]).containsExactly(paper.db()[0], within(1e-15));
        }
    }

    /**
     * A classic slip: DL4J's MSE is (1/nOut) sum (a - y)^2, L2 is the sum without 1/nOut. The L2 network's
     * gradient offered as the MSE network's is nOut = 3 times too large: relative error 1 - 1/3 at every
     * parameter, on a random 4-5-4-3 network with a batch of 3.
     */
    @Test
    void aGradientMissingTheOneOverNOutOfMseIsDetected() {
        int[] sizes = {4, 5, 4, 3};
        try (Network mse = Nets.xavier(Network.builder().layers(sizes).hidden(Activation.TANH)
                .output(Activation.SIGMOID, Loss.MSE).threads(1).build(), 5);
             Network l2 = Network.builder().layers(sizes).hidden(Activation.TANH)
                     .output(Activation.SIGMOID, Loss.L2).threads(1).build()) {
            for (int l = 0; l < mse.numLayers(); l++) {
                l2.setParameters(l, mse.getWeights(l), mse.getBiases(l));
            }
            double[] x = {0.3, -1.2, 0.8, 0.1, 1.5, 0.2, -0.4, -0.9, -0.7, 0.6, 0.05, 1.1};
            double[] y = {1, 0, 0, 0, 0, 1, 0, 1, 0};
            GradientCheck.Comparison right = GradientCheck.compare(mse, x, y, 3, mse.backprop(x, y, 3));
            GradientCheck.Comparison wrong = GradientCheck.compare(mse, x, y, 3, l2.backprop(x, y, 3));
            assertThat(right.maxRelativeError()).isLessThan(1e-6);
            assertThat(wrong.maxRelativeError()).isCloseTo(2.0 / 3.0, within(1e-6));
        }
    }

    static Stream<GradientCheck.Combo> combos() {
        return GradientCheck.validCombos().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combos")
    void engineGradientMatchesFiniteDifferences(GradientCheck.Combo combo) {
        GradientCheck.Result r = GradientCheck.check(combo, DeltaMode.SHORTCUT, 2024);
        // 4-5-4-3 has 20 + 5 + 20 + 4 + 12 + 3 = 64 parameters; only exact zeros (dead ReLUs) are skipped
        assertThat(r.checked() + r.skipped()).isEqualTo(64);
        assertThat(r.checked()).isGreaterThan(30);
        assertThat(r.maxRelativeError()).as(combo.toString()).isLessThan(1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combos")
    void generalRuleAlsoPassesGradientCheck(GradientCheck.Combo combo) {
        assertThat(GradientCheck.check(combo, DeltaMode.JACOBIAN, 77).maxRelativeError()).isLessThan(1e-6);
    }

    @Test
    void everyHiddenActivationIsCombinedWithEveryValidOutputPair() {
        // 4 hidden activations (softmax is not one) x the 12 accepted output pairs OutputPairTest lists
        assertThat(GradientCheck.validCombos()).hasSize(48).doesNotHaveDuplicates()
                .noneMatch(c -> c.hidden() == Activation.SOFTMAX)
                .contains(new GradientCheck.Combo(Activation.RELU, Activation.SOFTMAX, Loss.MCXENT),
                        new GradientCheck.Combo(Activation.IDENTITY, Activation.SIGMOID, Loss.XENT));
    }
}
