package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-written {@code train} never loads ND4J: its native backend costs about a second and
 * 100 MB of resident memory, and the engine needs none of it (the model file is written by
 * {@code bplab.handwritten.Dl4jModelFile}). The run happens in a child JVM whose class loading is
 * logged, on the class path users get; DL4J then reads the model it wrote and scores it the same.
 */
class HandwrittenWithoutNd4jTest {
    @TempDir
    Path tmp;

    @Test
    void handwrittenTrainLoadsNoNd4jAndItsModelEvaluatesTheSame() throws Exception {
        Path dir = tmp.resolve("run");
        Path classes = tmp.resolve("classes.log");
        Path log = tmp.resolve("train.out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xlog:class+load=info:file=" + classes, "-cp", DefaultClassPath.get(), "bplab.cli.Main",
                "train", "--config", "config/ce-softmax.yaml", "--run-dir", dir.toString(), "--progress", "none",
                "--set", "engine=handwritten", "--set", "data.train_limit=1280", "--set", "data.test_limit=300",
                "--set", "training.epochs=2");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) { // a hang guard, not a timing
            p.destroyForcibly();
            throw new AssertionError("train did not end: " + Files.readString(log));
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();

        String loaded = Files.readString(classes);
        assertThat(loaded).as("the run wrote its model through Dl4jModelFile")
                .contains(" bplab.handwritten.Dl4jModelFile ").contains(" bplab.backprop.Trainer ");
        List<String> dl4j = loaded.lines()
                .filter(l -> l.contains(" org.nd4j.") || l.contains(" org.bytedeco.") || l.contains(" org.deeplearning4j.nn."))
                .limit(10).toList();
        assertThat(dl4j).as("ND4J, JavaCPP and DL4J network classes loaded by a hand-written train").isEmpty();

        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        double accuracy = summary.get("final_test_accuracy").asDouble();
        CliResult eval = CliResult.run("evaluate", "--model", dir.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(Locale.ROOT, "accuracy %.2f%%", 100 * accuracy))
                .contains("on 300 test examples");
    }
}
