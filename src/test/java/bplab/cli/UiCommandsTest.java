package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * train --ui and ui end to end: a DL4J run and a hand-written run of one config and seed
 * record two sessions in their run directories; the ui command serves both, and DL4J's UI
 * answers with the same scores and draws both models' layers.
 */
class UiCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static CliResult train(Path runDir, String engine, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "config/ce-softmax.yaml", "--run-dir",
                runDir.toString(), "--progress", "none", "--set", "engine=" + engine, "--set", "data.train_limit=1280",
                "--set", "data.test_limit=200", "--set", "training.epochs=1", "--set", "model.hidden[0].units=30"));
        args.addAll(List.of(extra));
        return CliResult.run(args.toArray(String[]::new));
    }

    private static JsonNode get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = c.getInputStream()) {
            assertThat(c.getResponseCode()).as(url).isEqualTo(200);
            return JSON.readTree(in);
        } finally {
            c.disconnect();
        }
    }

    @Test
    void pairedRunsRecordTwoSessionsThatTheUiCommandServesWithTheirModels() throws Exception {
        Path dl4j = tmp.resolve("pair-dl4j");
        Path hand = tmp.resolve("pair-handwritten");
        CliResult d = train(dl4j, "dl4j", "--ui", "--ui-port", "0", "--ui-every", "5");
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(d.out()).containsPattern("DL4J training UI: http://127\\.0\\.0\\.1:\\d+/train \\(listening on 127\\.0\\.0\\.1 only")
                .containsPattern("watch dl4j http://127\\.0\\.0\\.1:\\d+/train/pair-dl4j\\n");
        CliResult h = train(hand, "handwritten", "--ui", "--ui-port", "0", "--ui-every", "5");
        assertThat(h.exitCode()).as(h.err()).isZero();
        assertThat(dl4j.resolve("ui-stats.bin")).isRegularFile();
        assertThat(hand.resolve("ui-stats.bin")).isRegularFile();

        // publishing statistics does not change the hand-written engine's training
        Path plain = tmp.resolve("plain");
        assertThat(train(plain, "handwritten").exitCode()).isZero();
        assertThat(plain.resolve("ui-stats.bin")).doesNotExist();
        assertThat(Files.readString(plain.resolve("epochs.csv")).replaceAll(",[0-9.]+,[0-9.]+\\n", "\n"))
                .isEqualTo(Files.readString(hand.resolve("epochs.csv")).replaceAll(",[0-9.]+,[0-9.]+\\n", "\n"));
        assertThat(lossColumn(plain)).isEqualTo(lossColumn(hand));

        // the ui command, run until released as Ctrl-C would release it
        AtomicInteger exit = new AtomicInteger(-1);
        UiCommand[] command = new UiCommand[1];
        CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof UiCommand u) command[0] = u;
                return k;
            }
        });
        PipedReader pipe = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
        cli.setOut(out);
        cli.setErr(new PrintWriter(new StringWriter()));
        Thread serving = new Thread(() -> {
            exit.set(cli.execute("ui", dl4j.toString(), hand.toString(), "--ui-port", "0"));
            out.close();
        });
        serving.start();
        BufferedReader lines = new BufferedReader(pipe);
        List<String> printed = new ArrayList<>();
        for (String line = lines.readLine(); line != null && !line.startsWith("press Ctrl-C"); line = lines.readLine()) {
            printed.add(line);
        }
        try {
            String all = String.join("\n", printed);
            Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)/train/pair-dl4j ").matcher(all);
            assertThat(m.find()).as(all).isTrue();
            String base = m.group(1);
            assertThat(all).contains(base + "/train/pair-handwritten ");

            JsonNode dl4jOverview = get(base + "/train/pair-dl4j/overview/data");
            JsonNode handOverview = get(base + "/train/pair-handwritten/overview/data");
            // 1280 / 64 = 20 iterations; reported every 5: iterations 5, 10, 15
            assertThat(dl4jOverview.get("scoresIter").toString()).isEqualTo("[5,10,15]");
            assertThat(handOverview.get("scoresIter").toString()).isEqualTo("[5,10,15]");
            for (int i = 0; i < 3; i++) {
                double a = dl4jOverview.get("scores").get(i).asDouble();
                double b = handOverview.get("scores").get(i).asDouble();
                assertThat(b).as("score %d", i).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-4 * a));
                for (String p : List.of("0_W", "1_W")) {
                    double ra = dl4jOverview.at("/updateRatios/" + p).get(i).asDouble();
                    double rb = handOverview.at("/updateRatios/" + p).get(i).asDouble();
                    assertThat(rb).as("update:parameter ratio %s at %d", p, i).isCloseTo(ra, org.assertj.core.data.Offset.offset(1e-3 * ra));
                }
            }
            for (String session : List.of("pair-dl4j", "pair-handwritten")) {
                JsonNode graph = get(base + "/train/" + session + "/model/graph");
                assertThat(graph.get("vertexNames").size()).as(session).isEqualTo(3); // input, hidden, output
                assertThat(graph.get("vertexInfo").get(1).get("Output size").asText()).isEqualTo("30");
                JsonNode layer = get(base + "/train/" + session + "/model/data/1");
                assertThat(layer.at("/meanMag/iterCounts").toString()).isEqualTo("[5,10,15]");
                assertThat(layer.at("/paramHist/W")).as(session + " weight histogram").isNotNull();
            }
        } finally {
            command[0].stop.countDown();
            serving.join();
        }
        assertThat(exit.get()).isZero();
    }

    private static List<String> lossColumn(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("iterations.csv"))) out.add(line.split(",")[3]);
        return out;
    }

    @Test
    void theUiCommandNeedsRecordedStatistics() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        CliResult r = CliResult.run("ui", empty.toString(), "--ui-port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(empty + ": no ui-stats.bin in it or in its subdirectories");
    }

    @Test
    void aUiPortInUseIsABadArgument() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliResult r = train(tmp.resolve("busy"), "handwritten", "--ui", "--ui-port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("port " + taken.getLocalPort() + " is already in use on 127.0.0.1");
        }
    }
}
