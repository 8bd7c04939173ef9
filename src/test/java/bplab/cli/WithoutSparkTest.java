package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark is a {@code provided} dependency: on the test class path, but not in backprop-lab.jar's
 * manifest. Commands run in child JVMs on the class path users get ({@link DefaultClassPath}):
 * DL4J training with the UI works there (the UI's storage needs lz4 and Netty jars that Spark
 * also brings, which Maven would otherwise count as Spark's), and {@code --spark} says what is missing.
 */
class WithoutSparkTest {
    @TempDir
    Path tmp;

    private record Child(int exit, String output) {}

    private Child run(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-cp", DefaultClassPath.get(), "bplab.cli.Main"));
        command.addAll(List.of(args));
        Path log = tmp.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) { // a hang guard, not a timing
            p.destroyForcibly();
            throw new AssertionError(name + " did not end: " + Files.readString(log));
        }
        return new Child(p.exitValue(), Files.readString(log));
    }

    @Test
    void theDefaultClassPathHoldsNoSparkAndDl4jTrainsWithTheUiOnIt() throws Exception {
        assertThat(DefaultClassPath.sparkEntries()).as("Spark's jars in the test class path").isGreaterThan(50);
        Path dir = tmp.resolve("run");
        Child train = run("train", "train", "--config", "config/ce-softmax.yaml", "--run-dir", dir.toString(),
                "--progress", "none", "--set", "engine=dl4j", "--set", "data.train_limit=640", "--set", "data.test_limit=200",
                "--set", "training.epochs=1", "--ui", "--ui-port", "0", "--ui-every", "2");
        assertThat(train.exit()).as(train.output()).isZero();
        assertThat(dir.resolve("ui-stats.bin")).isNotEmptyFile();
        assertThat(dir.resolve("model.zip")).isNotEmptyFile();
    }

    @Test
    void sparkWithoutItsJarsIsABadArgumentThatSaysWhatToAdd() throws Exception {
        Child spark = run("spark", "experiment", "--config", "experiments/spark-cost.yaml", "--out",
                tmp.resolve("exp").toString(), "--spark", "local[1]");
        assertThat(spark.exit()).as(spark.output()).isEqualTo(2);
        assertThat(spark.output()).contains("Apache Spark's jars are not on the class path").contains("target/spark-lib")
                .doesNotContain("NoClassDefFoundError");
        assertThat(tmp.resolve("exp")).doesNotExist();
    }
}
