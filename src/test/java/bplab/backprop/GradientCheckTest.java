package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GradientCheckTest {

    static Stream<GradientCheck.Combo> combos() {
        return GradientCheck.validCombos().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combos")
    void analyticGradientMatchesFiniteDifferences(GradientCheck.Combo combo) {
        GradientCheck.Result r = GradientCheck.check(combo, DeltaMode.SHORTCUT, 2024);
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
        assertThat(GradientCheck.validCombos()).hasSize(4 * OutputPair.validPairs().size());
    }
}
