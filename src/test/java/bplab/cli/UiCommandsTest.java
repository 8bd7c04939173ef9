package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        try (ServedUi ui = ServedUi.serve(dl4j, hand)) {
            String all = ui.printed();
            String base = ui.base();
            assertThat(all).contains(base + "/train/pair-dl4j ").contains(base + "/train/pair-handwritten ");

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
        }
    }

    private static List<String> lossColumn(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("iterations.csv"))) out.add(line.split(",")[3]);
        return out;
    }

    /**
     * train --resume --ui: the resumed run continues the same session in the same ui-stats.bin,
     * and reports of iterations after the checkpoint (made before a crash; the resumed run trains
     * those iterations again) are dropped, so the session holds each reported iteration once, in
     * order, with the scores of the finished run's iterations.csv.
     *
     * <p>The crash is reproduced exactly, without timing: a child run with --ui is stopped by
     * SIGTERM (so every report it made is on disk), and its checkpoint is then put back to the
     * epoch-end checkpoint copied while it trained. That is what a SIGKILL leaves: the last
     * checkpoint, and reports past it.
     */
    @Test
    void aResumedRunContinuesItsSessionWithoutTheIterationsItTrainsAgain() throws Exception {
        Path dir = tmp.resolve("crashed");
        int perEpoch = 200; // 2000 examples / batch 10
        int epochs = 6;
        int every = 20;
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", DefaultClassPath.get(), "bplab.cli.Main",
                "train", "--config", "config/ce-softmax.yaml", "--run-dir", dir.toString(), "--progress", "none",
                "--set", "engine=handwritten", "--set", "data.train_limit=2000", "--set", "data.test_limit=200",
                "--set", "training.batch_size=10", "--set", "training.epochs=" + epochs, "--set", "model.hidden[0].units=20",
                "--ui", "--ui-port", "0", "--ui-every", Integer.toString(every)));
        Path log = tmp.resolve("crashed.log");
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process child = pb.start();
        Path saved = Files.createDirectories(tmp.resolve("saved-checkpoint"));
        long checkpoint;
        try {
            long hang = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
            while (rows(dir.resolve("iterations.csv")) < perEpoch + 2 * every + 10 && child.isAlive()) {
                if (System.nanoTime() > hang) throw new AssertionError("the run did not get past epoch 0 in 10 minutes");
                Thread.sleep(10);
            }
            JsonNode cp = JSON.readTree(dir.resolve("checkpoint.json").toFile());
            checkpoint = cp.path("iteration").asLong();
            Files.copy(dir.resolve("checkpoint.json"), saved.resolve("checkpoint.json"));
            Files.copy(dir.resolve(cp.path("state_file").asText()), saved.resolve(cp.path("state_file").asText()));
            assertThat(child.isAlive()).as("the run is still training when it is stopped:\n" + Files.readString(log)).isTrue();
            child.destroy(); // SIGTERM: stops after this iteration with every report written
            assertThat(child.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.INTERRUPTED);
        } finally {
            child.destroyForcibly();
        }
        Matcher first = Pattern.compile("watch handwritten http://127\\.0\\.0\\.1:\\d+/train/(\\S+)").matcher(Files.readString(log));
        assertThat(first.find()).as(Files.readString(log)).isTrue();
        String session = first.group(1);
        assertThat(checkpoint).as("an epoch-end checkpoint").isPositive().isEqualTo(checkpoint / perEpoch * perEpoch);
        // the crash: back to the epoch-end checkpoint, with the reports made after it still in the file
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("checkpoint")).toList()) Files.delete(f);
        }
        try (var files = Files.list(saved)) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        List<double[]> before = reports(dir, session);
        assertThat(before.stream().filter(r -> r[0] >= checkpoint).count()).as("reports past the checkpoint before resuming")
                .isPositive();

        CliResult resumed = CliResult.run("train", "--resume", dir.toString(), "--progress", "none", "--ui", "--ui-port", "0",
                "--ui-every", Integer.toString(every));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming run " + dir).containsPattern("watch handwritten http://127\\.0\\.0\\.1:\\d+/train/"
                + Pattern.quote(session) + "\n");

        List<double[]> after = reports(dir, session);
        List<String> rows = Files.readAllLines(dir.resolve("iterations.csv"));
        assertThat(rows).hasSize(1 + epochs * perEpoch);
        assertThat(after).as("one report every %d iterations", every).hasSize(epochs * perEpoch / every - 1);
        for (int i = 0; i < after.size(); i++) {
            int iteration = (i + 1) * every;
            assertThat(after.get(i)[0]).as("report %d's iteration (in time order)", i).isEqualTo(iteration);
            String[] row = rows.get(iteration + 1).split(",");
            double score = Double.parseDouble(row[3]) + Double.parseDouble(row[4]);
            assertThat(after.get(i)[1]).as("score of iteration %d", iteration).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-9 * score));
        }
        assertThat(dir.resolve("ui-stats.bin.resumed")).doesNotExist();
    }

    /** A run's StatsListener reports in time order: [iteration, score]. */
    private static List<double[]> reports(Path runDir, String session) {
        org.deeplearning4j.ui.model.storage.FileStatsStorage storage = bplab.ui.StatsFiles.open(runDir.resolve("ui-stats.bin"));
        try {
            assertThat(storage.listSessionIDs()).containsExactly(session);
            List<String> workers = storage.listWorkerIDsForSessionAndType(session, "StatsListener");
            assertThat(workers).containsExactly("handwritten");
            List<double[]> out = new ArrayList<>();
            for (var p : storage.getAllUpdatesAfter(session, "StatsListener", workers.get(0), Long.MIN_VALUE)) {
                var r = (org.deeplearning4j.ui.model.stats.api.StatsReport) p;
                out.add(new double[] {r.getIterationCount(), r.getScore()});
            }
            return out;
        } finally {
            storage.close();
        }
    }

    private static long rows(Path csv) throws IOException {
        if (!Files.exists(csv)) return 0;
        try (var lines = Files.lines(csv)) {
            return lines.count() - 1;
        } catch (java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** logging.ui turns the UI on with its settings; --ui-every and --no-ui override it. */
    @Test
    void theLoggingUiKeyWatchesARunAndTheFlagsOverrideIt() throws IOException {
        String key = "logging.ui={enabled: true, port: 0, every: 5}";
        Path configured = tmp.resolve("configured");
        CliResult c = train(configured, "handwritten", "--set", key);
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).containsPattern("DL4J training UI: http://127\\.0\\.0\\.1:\\d+/train ")
                .containsPattern("watch handwritten http://127\\.0\\.0\\.1:\\d+/train/configured");
        assertThat(reports(configured, "configured.handwritten")).extracting(r -> r[0]).containsExactly(5.0, 10.0, 15.0);

        Path every = tmp.resolve("every");
        assertThat(train(every, "handwritten", "--set", key, "--ui-every", "10").exitCode()).isZero();
        assertThat(reports(every, "every.handwritten")).extracting(r -> r[0]).containsExactly(10.0);

        Path off = tmp.resolve("off");
        CliResult o = train(off, "handwritten", "--set", key, "--no-ui");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).doesNotContain("DL4J training UI");
        assertThat(off.resolve("ui-stats.bin")).doesNotExist();
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
