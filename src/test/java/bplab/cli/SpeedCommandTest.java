package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeedCommandTest {
    @TempDir
    Path tmp;

    private static CliResult speed(String... extra) {
        String[] base = {"speed", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=200", "--set",
                "data.test_limit=10", "--set", "model.hidden=[{units: 8}, {units: 7}, {units: 6}]",
                "--set", "model.output=xent_sigmoid", "--set", "model.weight_init=lecun_normal",
                "--set", "model.bias_init=normal_unit"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliResult.run(all);
    }

    @Test
    void printsSpeedsPerEngineAndSeedTheirMeansAndTheEngineAgreement() throws IOException {
        Path csv = tmp.resolve("out/speed.csv");
        CliResult r = speed("--examples", "150", "--seeds", "1,2", "--out", csv.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("layers [784, 8, 7, 6, 10]").contains("first 150 training images")
                .contains("the config's dtype float is ignored")
                .containsPattern("engine +seed +0_b +1_b +2_b\\R")
                .containsPattern("dl4j +1( +\\d\\.\\d{4}e-\\d\\d){3}\\R").containsPattern("handwritten +2( +\\d\\.\\d{4}e-\\d\\d){3}\\R")
                .contains("mean +- sample sd over 2 seeds")
                .containsPattern("handwritten( +\\d\\.\\d+(e-\\d+)? \\+- \\d\\.\\d+(e-\\d+)?){3}")
                .containsPattern("largest over seeds: \\d\\.\\d{3}e-\\d\\d");
        double worst = Double.parseDouble(r.out().replaceAll("(?s).*largest over seeds: (\\S+).*", "$1"));
        assertThat(worst).isLessThan(1e-10);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("engine,seed,examples,speed_0_b,speed_1_b,speed_2_b");
        assertThat(lines.get(1)).startsWith("dl4j,1,150,");
        assertThat(lines.get(4)).startsWith("handwritten,2,150,");
    }

    @Test
    void oneEngineAndTheConfigSeedByDefault() {
        CliResult r = speed("--engines", "handwritten", "--examples", "20", "--set", "seed=9");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("handwritten +9 ").doesNotContain("dl4j ").doesNotContain("largest over seeds")
                .contains("mean +- sample sd over 1 seed:");
    }

    @Test
    void badArgumentsExitTwoNamingWhatWasFound() {
        CliResult zero = speed("--examples", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--examples: found 0, expected a number >= 1");

        CliResult many = speed("--examples", "201");
        assertThat(many.exitCode()).isEqualTo(2);
        assertThat(many.err()).contains("--examples: found 201, expected at most 200");

        CliResult engine = speed("--engines", "dl4j,torch");
        assertThat(engine.exitCode()).isEqualTo(2);
        assertThat(engine.err()).contains("--engines: found 'torch', expected dl4j or handwritten");

        CliResult seeds = speed("--seeds", "1,1");
        assertThat(seeds.exitCode()).isEqualTo(2);
        assertThat(seeds.err()).contains("--seeds: found [1, 1], expected each seed at most once");

        CliResult noHidden = speed("--set", "model.hidden=[]");
        assertThat(noHidden.exitCode()).isEqualTo(2);
        assertThat(noHidden.err()).contains("model.hidden: found no hidden layer");
    }

    @Test
    void helpSaysWhatIsMeasuredAndThatItComputesInDouble() {
        CliResult r = CliResult.run("speed", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--examples=N").contains("--seeds=S").contains("--engines=E").contains("--out=FILE.csv")
                .contains("Nielsen").contains("chapter 5").contains("double precision");
    }
}
