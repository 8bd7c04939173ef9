package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchmarkCommandTest {
    @Test
    void printsAMedianAndARatioForEachVariant() {
        CliResult r = CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=1000",
                "--set", "data.test_limit=10", "--rounds", "3", "--iterations", "5", "--warmup", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("variant").contains("ratio");
        Matcher first = Pattern.compile("dl4j-stats\\s+([\\d,]+)\\s+[\\d,]+\\s+[\\d,]+\\s+1\\.000").matcher(r.out());
        assertThat(first.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(first.group(1).replace(",", ""))).isPositive();
        assertThat(r.out()).containsPattern("dl4j-nostats\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+\\d+\\.\\d{3}");
    }

    @Test
    void measuresTheHandWrittenEngineOnOneAndOnBothCores() {
        CliResult r = CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=1000",
                "--set", "data.test_limit=10", "--rounds", "2", "--iterations", "5", "--warmup", "2",
                "--engines", "dl4j-nostats,handwritten,handwritten-1thread");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("dl4j-nostats\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+1\\.000")
                .containsPattern("\\nhandwritten\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+\\d+\\.\\d{3}")
                .containsPattern("handwritten-1thread\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+\\d+\\.\\d{3}");
    }

    @Test
    void rejectsUnknownVariantsAndBadCounts() {
        assertThat(CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=1000",
                "--engines", "pytorch").exitCode()).isEqualTo(2);
        assertThat(CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--rounds", "0").exitCode()).isEqualTo(2);
    }
}
