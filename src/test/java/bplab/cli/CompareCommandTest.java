package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(tmp.resolve("ok/compare-summary.json")).content().contains("\"passed\" : true");
    }

    @Test
    void exceedingTheToleranceExitsOneNamingIterationAndParameter() {
        CliResult r = compare("strict", "--tolerance", "1e-30");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("first at iteration 0, parameter");
    }
}
