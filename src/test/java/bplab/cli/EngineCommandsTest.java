package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineCommandsTest {
    @Test
    void gradcheckPassesEveryCombinationAndPrintsATable() {
        CliResult r = CliResult.run("gradcheck");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("48 of 48 combinations within 1.0e-06");
        assertThat(r.out()).containsPattern("sigmoid\\s+softmax\\s+mse\\s+J\\^T g\\s+\\d\\.\\d{3}e-\\d+\\s+\\d+\\s+\\d+\\s+pass");
        assertThat(r.out()).doesNotContain("FAIL");
    }

    @Test
    void gradcheckWithAnImpossibleToleranceFails() {
        CliResult r = CliResult.run("gradcheck", "--tolerance", "1e-20");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL");
    }

    @Test
    void explainShowsTheJacobianProductAndTheShortcutSideBySide() {
        CliResult r = CliResult.run("explain");
        assertThat(r.exitCode()).isZero();
        // softmax(2, 1, 0.1, -1): p_0 = 0.638066; delta_0 = p_0 - 1
        assertThat(r.out()).contains("p - y").contains("0.638066").contains("-0.361934").contains("Jacobian");
        CliResult mse = CliResult.run("explain", "--activation", "sigmoid", "--loss", "mse", "--z", "0,0");
        // sigmoid(0) = 0.5, g = 2 (0.5 - 1) / 2 = -0.5, sigma'(0) = 0.25: delta_0 = -0.125
        assertThat(mse.out()).contains("-0.500000").contains("-0.125000").contains("MATLAB formula");
    }

    @Test
    void explainRejectsANonsensePairWithTheReason() {
        CliResult r = CliResult.run("explain", "--activation", "identity", "--loss", "mcxent");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("rejected").contains("log");
    }
}
