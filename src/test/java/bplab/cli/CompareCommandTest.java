package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path tmp;

    private CliResult compare(String dir, String... extra) {
        String[] base = {"compare", "--config", "config/mse-sigmoid.yaml", "--run-dir", tmp.resolve(dir).toString(),
                "--set", "model.dtype=double", "--set", "data.train_limit=300", "--set", "data.test_limit=10",
                "--set", "model.hidden[0].units=16", "--iterations", "6"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliResult.run(all);
    }

    @Test
    void agreementPassesAndIsWrittenDown() {
        CliResult r = compare("ok");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("PASS").contains("0_W").contains("1_b");
        assertThat(tmp.resolve("ok/compare.csv")).isRegularFile();
        assertThat(tmp.resolve("ok/compare-summary.json")).content().contains("\"passed\" : true").contains("\"checks\"");
    }

    @Test
    void exceedingTheToleranceExitsOneNamingIterationAndParameter() {
        CliResult r = compare("strict", "--tolerance", "1e-30");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("gradients disagree: first at iteration 0, parameter").contains("> --tolerance 1.0e-30");
    }

    // In float the engines round differently: the loss and parameters differ by about 1e-8, far
    // beyond a tolerance of 1e-12, while the gradients pass the float default.

    @Test
    void aLossGapBeyondTheLossToleranceExitsOne() throws IOException {
        CliResult r = compare("loss", "--set", "model.dtype=float", "--loss-tolerance", "1e-12");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).containsPattern("error: losses disagree: first at iteration \\d+, relative error \\d\\.\\d{3}e-\\d+ "
                + "> --loss-tolerance 1\\.0e-12").doesNotContain("gradients disagree").doesNotContain("parameters disagree");
        assertThat(r.out()).containsPattern("loss rel err .* FAIL").containsPattern("gradient rel err .* pass")
                .containsPattern("param max \\|diff\\| .* pass").doesNotContain("PASS");
        JsonNode summary = new ObjectMapper().readTree(tmp.resolve("loss/compare-summary.json").toFile());
        assertThat(summary.path("passed").asBoolean()).isFalse();
        assertThat(summary.at("/checks/loss/passed").asBoolean()).isFalse();
        assertThat(summary.at("/checks/loss/tolerance").asDouble()).isEqualTo(1e-12);
        assertThat(summary.at("/checks/loss/first_violation/value").asDouble()).isGreaterThan(1e-12);
        assertThat(summary.at("/checks/gradient/passed").asBoolean()).isTrue();
        assertThat(summary.at("/checks/gradient/tolerance").asDouble()).isEqualTo(1e-2);
        assertThat(summary.at("/checks/parameter/passed").asBoolean()).isTrue();
        assertThat(summary.at("/checks/parameter/tolerance").asDouble()).isEqualTo(5e-3);
    }

    @Test
    void aParameterGapBeyondTheParamToleranceExitsOne() {
        CliResult r = compare("param", "--set", "model.dtype=float", "--param-tolerance", "1e-12");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).containsPattern("error: parameters disagree: first at iteration \\d+, parameter \\d_[Wb], "
                + "max \\|difference\\| \\d\\.\\d{3}e-\\d+ > --param-tolerance 1\\.0e-12").doesNotContain("losses disagree");
    }

    @Test
    void aNonPositiveToleranceIsBadInput() {
        CliResult r = compare("bad", "--loss-tolerance", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--loss-tolerance: found 0.0, expected a number > 0");
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void helpExplainsEachTolerance() {
        CliResult r = CliResult.run("compare", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--tolerance=X").contains("--loss-tolerance=X").contains("--param-tolerance=X")
                .contains("gradient relative error").contains("loss relative error").contains("after the update");
    }
}
