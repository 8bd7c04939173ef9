package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment --spark local[2]} against the same grid in process, on a slice of the real
 * MNIST in double: byte-identical iterations.csv, epochs.csv without its two timing columns,
 * identical confusion matrices, and the same resume behaviour.
 */
class SparkExperimentTest {
    @TempDir
    Path tmp;

    private Path experimentFile() throws IOException {
        return Files.writeString(tmp.resolve("grid.yaml"), """
                name: grid
                base: config/ce-softmax.yaml
                vary:
                  engine: [handwritten, dl4j]
                  model.output: [mse_sigmoid, ce_softmax]
                overrides:
                  mse_sigmoid: { training.updater.learning_rate: 3.0 }
                set:
                  data.train_limit: 1000
                  data.test_limit: 300
                  training.epochs: 2
                  training.batch_size: 20
                  model.dtype: double
                  model.hidden: [{units: 16}]
                """);
    }

    @Test
    void aGridOnSparkWritesTheSameMetricsAsInProcessAndResumes() throws IOException {
        Path file = experimentFile();
        Path local = tmp.resolve("in-process");
        Path spark = tmp.resolve("spark");
        CliResult a = CliResult.run("experiment", "--config", file.toString(), "--out", local.toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        CliResult b = CliResult.run("experiment", "--config", file.toString(), "--out", spark.toString(), "--spark", "local[2]",
                "--spark-conf", "spark.driver.host=127.0.0.1", "--spark-conf", "spark.driver.bindAddress=127.0.0.1");
        assertThat(b.exitCode()).as(b.out() + b.err()).isZero();
        assertThat(b.out()).contains("[1/4] start  engine=handwritten,model.output=mse_sigmoid")
                .contains("[4/4] end    engine=dl4j,model.output=ce_softmax: ok, final test accuracy")
                .contains("4 ok, 0 already done, 0 diverged, 0 failed").contains("report: ");

        List<String> cells = cellDirs(local);
        assertThat(cells).hasSize(4).isEqualTo(cellDirs(spark));
        for (String cell : cells) {
            Path l = local.resolve(cell);
            Path s = spark.resolve(cell);
            assertThat(Files.readAllLines(s.resolve("iterations.csv"))).as(cell).hasSize(1 + 2 * 50);
            assertThat(Files.mismatch(l.resolve("iterations.csv"), s.resolve("iterations.csv"))).as(cell + " iterations.csv").isEqualTo(-1L);
            assertThat(Files.mismatch(l.resolve("confusion.csv"), s.resolve("confusion.csv"))).as(cell + " confusion.csv").isEqualTo(-1L);
            assertThat(withoutTiming(s.resolve("epochs.csv"))).as(cell + " epochs.csv").isEqualTo(withoutTiming(l.resolve("epochs.csv")));
            assertThat(Files.readString(s.resolve("config.yaml"))).isEqualTo(Files.readString(l.resolve("config.yaml")));
            for (String f : List.of("run.json", "summary.json", "model.zip", "train.log", "cell.json")) {
                assertThat(s.resolve(f)).as(cell + "/" + f).isRegularFile();
            }
            JsonNode run = new ObjectMapper().readTree(s.resolve("run.json").toFile());
            assertThat(run.at("/spark/master").asText()).isEqualTo("local[2]");
            assertThat(run.at("/spark/attempt").asInt()).isZero();
            // the data the task trained on is recorded as what the driver read
            JsonNode inProcessRun = new ObjectMapper().readTree(l.resolve("run.json").toFile());
            assertThat(run.path("data")).isEqualTo(inProcessRun.path("data"));
            assertThat(run.path("git")).isEqualTo(inProcessRun.path("git"));
        }
        try (Stream<Path> left = Files.list(spark)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".spark-"));
        }

        CliResult again = CliResult.run("experiment", "--config", file.toString(), "--out", spark.toString(), "--spark", "local[2]",
                "--spark-conf", "spark.driver.host=127.0.0.1", "--spark-conf", "spark.driver.bindAddress=127.0.0.1");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 ok, 4 already done").doesNotContain("start ");
    }

    @Test
    void badSparkOptionsAreBadArguments() throws IOException {
        Path file = experimentFile();
        CliResult master = CliResult.run("experiment", "--config", file.toString(), "--spark", "localhost:7077");
        assertThat(master.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(master.err()).contains("--spark: found localhost:7077, expected a Spark master URL");
        CliResult both = CliResult.run("experiment", "--config", file.toString(), "--spark", "local[2]", "--parallel", "2");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.err()).contains("--parallel 2 with --spark");
        CliResult conf = CliResult.run("experiment", "--config", file.toString(), "--spark-conf", "spark.executor.memory=1g");
        assertThat(conf.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(conf.err()).contains("--spark-conf without --spark");
    }

    private static List<String> cellDirs(Path experiment) throws IOException {
        try (Stream<Path> s = Files.list(experiment)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("cell.json"))).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** epochs.csv without its wall-time columns (seconds, examples_per_second), which differ between any two runs. */
    static List<String> withoutTiming(Path epochsCsv) throws IOException {
        List<String> lines = Files.readAllLines(epochsCsv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int seconds = header.indexOf("seconds");
        int rate = header.indexOf("examples_per_second");
        assertThat(seconds).as("epochs.csv has a seconds column").isPositive();
        assertThat(rate).isPositive();
        return lines.stream().map(l -> {
            String[] c = l.split(",", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                if (i == seconds || i == rate) continue;
                if (sb.length() > 0) sb.append(',');
                sb.append(c[i]);
            }
            return sb.toString();
        }).toList();
    }
}
