package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DeltaExplanationTest {

    @Test
    void softmaxMcxentExampleShowsJacobianProductCollapsingToPMinusY() {
        DeltaExplanation e = DeltaExplanation.example();
        assertThat(e.shortcutFormula()).isEqualTo("p - y");
        assertThat(e.jtg()).containsExactly(e.shortcut(), within(1e-15));
        assertThat(e.g()[0]).isCloseTo(-1 / e.a()[0], within(1e-15));
        assertThat(e.g()[1]).isZero();
        assertThat(e.jacobian()[0][1]).isCloseTo(-e.a()[0] * e.a()[1], within(1e-17));
        assertThat(e.loss()).isCloseTo(-Math.log(e.a()[0]), within(1e-15));
    }

    @Test
    void pairsWithoutShortcutHaveNoShortcutColumn() {
        DeltaExplanation e = DeltaExplanation.of(Activation.SOFTMAX, Loss.MSE, new double[] {1, 2}, new double[] {0, 1});
        assertThat(e.shortcut()).isNull();
        assertThat(e.jtg()).containsExactly(OutputPair.of(Activation.SOFTMAX, Loss.MSE)
                .delta(new double[] {1, 2}, new double[] {0, 1}), within(1e-16));
    }

    @Test
    void rejectedPairsCannotBeExplained() {
        assertThatThrownBy(() -> DeltaExplanation.of(Activation.TANH, Loss.XENT, new double[2], new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TANH + XENT");
    }
}
