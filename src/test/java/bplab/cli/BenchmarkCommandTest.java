package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void scalePrintsARowPerCellAndVariantWithGflopsAndTheRoofAndWritesTheCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("scale.csv");
        CliResult r = CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=1000",
                "--set", "data.test_limit=10", "--widths", "8,20", "--batches", "4,16", "--rounds", "1",
                "--block-examples", "32", "--warmup-examples", "8", "--roof-threads", "1",
                "--engines", "handwritten,dl4j-nostats", "--out", csv.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("benchmark --scale").contains("widths [8, 20], batches [4, 16]").contains("of roof");
        String number = "\\s+[\\d,]+\\.?\\d*";
        for (String w : List.of("8", "20")) {
            for (String b : List.of("4", "16")) {
                for (String v : List.of("handwritten", "dl4j-nostats")) {
                    assertThat(r.out()).containsPattern("\\s+" + w + "\\s+" + b + "\\s+" + v + number.repeat(6) + "\\s+[\\d.]+%");
                }
            }
        }
        assertThat(r.out()).contains("rows in " + csv);
        assertThat(Files.readAllLines(csv)).hasSize(1 + 2 * 2 * 2);
    }

    @Test
    void scaleOptionsAndBlockOptionsDoNotMix() {
        assertThat(CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=1000",
                "--scale", "--iterations", "5").exitCode()).isEqualTo(2);
        assertThat(CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=1000",
                "--out", "x.csv").exitCode()).isEqualTo(2);
        assertThat(CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=1000",
                "--widths", "0").exitCode()).isEqualTo(2);
        assertThat(CliResult.run("benchmark", "--config", "config/ce-softmax.yaml", "--set", "data.train_limit=100",
                "--batches", "500").exitCode()).isEqualTo(2);
    }
}
