package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.browser.Chromium;
import bplab.train.TrainingRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DL4J's training UI in a real browser while runs train: {@code train --ui} of each engine runs
 * in a child JVM (as a user would start it); headless Chromium, driven over the DevTools
 * protocol, opens the address the run printed, reads the points the Overview page plotted on
 * its score chart (DL4J's flot plot) and the layer graph the Model page drew (DL4J's cytoscape
 * graph), and the runs are then stopped as Ctrl-C would stop them. Skips without chromium,
 * except under {@code BACKPROP_LAB_REQUIRE_BROWSER} (set by .ci/run), where that fails.
 */
class UiBrowserTest {
    /** A slow machine only makes a step take longer; this long means something hangs. */
    private static final Duration HANG = Duration.ofMinutes(5);
    /** Points the score chart must show before it counts as drawn. */
    private static final int MIN_POINTS = 5;
    private static final Pattern WATCH = Pattern.compile("watch (\\w+) (http://127\\.0\\.0\\.1:\\d+/train/\\S+)");

    /**
     * The score series DL4J's overview.js plotted into #scoreiterchart ({@code $.plot} keeps the
     * plot object as the element's jQuery data "plot"): its [iteration, score] pairs, or null
     * before the first plot. Only finite numbers count: JSON would carry NaN/Infinity as null.
     */
    static final String SCORE_POINTS = "(function () {"
            + " var plot = window.jQuery && jQuery('#scoreiterchart').data('plot');"
            + " if (!plot) return null;"
            + " var score = plot.getData().filter(function (s) { return s.label === 'score'; })[0];"
            + " if (!score) return null;"
            + " return {points: score.data, finite: score.data.every(function (p) { return isFinite(p[0]) && isFinite(p[1]); }),"
            + " canvases: jQuery('#scoreiterchart canvas').length};"
            + "})()";

    /**
     * The layer graph DL4J's model-graph.js drew into #layers: cytoscape's instance is window.cy
     * (set in its ready callback); its node labels ("TYPE\n(NAME)"), edge count and canvases.
     */
    static final String LAYER_GRAPH = "(function () {"
            + " if (!window.cy) return null;"
            + " return {nodes: cy.nodes().map(function (n) { return n.data('name'); }), edges: cy.edges().length,"
            + " canvases: document.querySelectorAll('#layers canvas').length};"
            + "})()";

    /** Fails at once on a page that is not DL4J's (e.g. "session not found") instead of waiting for the hang guard. */
    private static final String PAGE_STATE = "({ready: document.readyState, url: location.href,"
            + " overview: !!document.getElementById('scoreiterchart'), model: !!document.getElementById('layers'),"
            + " text: document.body ? document.body.innerText.substring(0, 300) : ''})";

    @TempDir
    Path tmp;

    @Test
    void whileRunsTrainTheOverviewPlotsTheirScoresLiveAndTheModelPageDrawsTheHandWrittenLayers() throws Exception {
        Path chromium = Chromium.requiredOrSkip("DL4J's training UI");
        Path dl4jDir = tmp.resolve("live-dl4j");
        Path handDir = tmp.resolve("live-handwritten");
        Child dl4j = Child.train(tmp, dl4jDir, "dl4j", "--set", "model.hidden=[{units: 30}]");
        Child hand = Child.train(tmp, handDir, "handwritten", "--set", "model.hidden=[{units: 30}, {units: 20, activation: tanh}]");
        try (Chromium browser = Chromium.start(chromium, tmp); Chromium.Page page = browser.newPage()) {
            // DL4J engine: the Overview page at the printed address plots the run's scores and keeps adding points
            String dl4jAddress = dl4j.awaitWatchAddress("dl4j");
            assertThat(dl4jAddress).endsWith("/train/live-dl4j");
            page.navigate(dl4jAddress); // /train/SESSION redirects to /train/SESSION/overview
            List<double[]> seen = awaitScores(page, MIN_POINTS, -1, "overview");
            // without reloading, the page plots what the run reported since
            List<double[]> later = awaitScores(page, MIN_POINTS, seen.get(seen.size() - 1)[0], "overview");
            dl4j.stop();
            assertPointsAreTheRunsScores(later, dl4jDir);

            // hand-written engine: its Overview too, then its Model page draws every layer
            String handAddress = hand.awaitWatchAddress("handwritten");
            page.navigate(handAddress);
            List<double[]> handScores = awaitScores(page, MIN_POINTS, -1, "overview");
            page.navigate(handAddress + "/model");
            awaitPage(page, "model");
            JsonNode graph = page.await("the Model page's layer graph", LAYER_GRAPH,
                    v -> v != null && v.path("nodes").size() > 0 && v.path("canvases").asInt() > 0, HANG);
            hand.stop();
            assertPointsAreTheRunsScores(handScores, handDir);
            int[] layers = TrainingRun.readConfig(handDir).model().layerSizes(784, 10); // input, hidden..., output
            assertThat(graph.path("nodes").size()).as("nodes drawn: %s", graph).isEqualTo(layers.length);
            assertThat(graph.path("edges").asInt()).as("edges drawn: %s", graph).isEqualTo(layers.length - 1);
            List<String> types = new ArrayList<>(); // a node's label is "TYPE\n(NAME)"
            graph.path("nodes").forEach(n -> types.add(n.asText().split("\n")[0]));
            List<String> expected = new ArrayList<>(List.of("Input"));
            for (int l = 1; l < layers.length - 1; l++) expected.add("Dense");
            expected.add("Output");
            assertThat(types).as("node labels %s", graph.path("nodes")).isEqualTo(expected);

            // later, no training: the ui command reopens both runs from their directories
            try (ServedUi ui = ServedUi.serve(dl4jDir, handDir)) {
                page.navigate(ui.base() + "/train/live-dl4j");
                List<double[]> replayed = awaitScores(page, MIN_POINTS, later.get(later.size() - 1)[0] - 1, "overview");
                assertPointsAreTheRunsScores(replayed, dl4jDir);
                page.navigate(ui.base() + "/train/live-handwritten");
                assertPointsAreTheRunsScores(awaitScores(page, MIN_POINTS, handScores.get(handScores.size() - 1)[0] - 1, "overview"), handDir);
                page.navigate(ui.base() + "/train/live-dl4j/model");
                awaitPage(page, "model");
                JsonNode dl4jGraph = page.await("the DL4J session's layer graph", LAYER_GRAPH,
                        v -> v != null && v.path("nodes").size() > 0 && v.path("canvases").asInt() > 0, HANG);
                assertThat(dl4jGraph.path("nodes").size()).as("%s", dl4jGraph)
                        .isEqualTo(TrainingRun.readConfig(dl4jDir).model().layerSizes(784, 10).length);
            }
            assertThat(page.exceptions()).as("uncaught exceptions in DL4J's pages").isEmpty();
        } finally {
            dl4j.kill();
            hand.kill();
        }
    }

    /** Waits until the page is loaded and is the expected DL4J page ("overview" or "model"). */
    private static void awaitPage(Chromium.Page page, String which) throws InterruptedException {
        JsonNode state = page.await("the " + which + " page to load", PAGE_STATE,
                v -> v != null && v.path("ready").asText().equals("complete") && !v.path("url").asText().equals("about:blank"), HANG);
        assertThat(state.path(which).asBoolean()).as("DL4J's %s page; the browser shows %s", which, state).isTrue();
    }

    /**
     * Waits until the Overview page's score chart shows at least {@code n} points, the last one
     * after iteration {@code after}; all must be finite.
     */
    private static List<double[]> awaitScores(Chromium.Page page, int n, double after, String which) throws InterruptedException {
        awaitPage(page, which);
        JsonNode chart = page.await("the score chart to show " + n + " points, the last after iteration " + after, SCORE_POINTS,
                v -> v != null && v.path("points").size() >= n
                        && v.path("points").get(v.path("points").size() - 1).get(0).asDouble() > after, HANG);
        assertThat(chart.path("finite").asBoolean()).as("every plotted score is finite: %s", chart).isTrue();
        assertThat(chart.path("canvases").asInt()).as("flot's canvases in #scoreiterchart").isPositive();
        List<double[]> points = new ArrayList<>();
        for (JsonNode p : chart.path("points")) points.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        return points;
    }

    /**
     * The plotted points are the run's own: at each plotted iteration, the score the run wrote to
     * iterations.csv (loss + L2 penalty of that minibatch), iterations increasing.
     */
    private static void assertPointsAreTheRunsScores(List<double[]> points, Path runDir) throws IOException {
        List<String> rows = Files.readAllLines(runDir.resolve("iterations.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int loss = header.indexOf("loss");
        int penalty = header.indexOf("l2_penalty");
        double previous = -1;
        for (double[] p : points) {
            int iteration = (int) p[0];
            assertThat(p[0]).as("iteration").isEqualTo(iteration).isGreaterThan(previous);
            previous = p[0];
            assertThat(iteration + 1).as("iterations.csv rows").isLessThan(rows.size());
            String[] row = rows.get(iteration + 1).split(",");
            assertThat(Integer.parseInt(row[0])).isEqualTo(iteration);
            double score = Double.parseDouble(row[loss]) + Double.parseDouble(row[penalty]);
            assertThat(p[1]).as("score plotted at iteration %d", iteration).isCloseTo(score, Offset.offset(1e-6 * Math.abs(score)));
        }
    }

    /** train --ui in a child JVM with this test's class path, its output in a log file. */
    private record Child(Process process, Path log) {
        /**
         * A small slice of MNIST with far more epochs than the test waits for: the run is still
         * training whenever the browser looks, and the test stops it.
         */
        static Child train(Path tmp, Path runDir, String engine, String... extra) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", DefaultClassPath.get(), "bplab.cli.Main",
                    "train", "--config", "config/ce-softmax.yaml", "--run-dir", runDir.toString(), "--progress", "none",
                    "--set", "engine=" + engine, "--set", "data.train_limit=1000", "--set", "data.test_limit=100",
                    "--set", "training.batch_size=20", "--set", "training.epochs=2000",
                    "--ui", "--ui-port", "0", "--ui-every", "5"));
            command.addAll(List.of(extra));
            Path log = tmp.resolve(engine + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("OMP_NUM_THREADS", "1"); // two runs and a browser share the cores
            return new Child(pb.start(), log);
        }

        /** The session address the run printed ("watch ENGINE ADDRESS"). */
        String awaitWatchAddress(String engine) throws IOException, InterruptedException {
            long hang = System.nanoTime() + HANG.toNanos();
            while (true) {
                String out = Files.readString(log);
                Matcher m = WATCH.matcher(out);
                if (m.find()) {
                    assertThat(m.group(1)).isEqualTo(engine);
                    return m.group(2);
                }
                if (!process.isAlive()) throw new AssertionError("train --ui exited (" + process.exitValue() + "):\n" + out);
                if (System.nanoTime() > hang) throw new AssertionError("train --ui printed no address in " + HANG.toSeconds() + " s:\n" + out);
                Thread.sleep(50);
            }
        }

        /** SIGTERM, as Ctrl-C: the run stops after its iteration, writes its files and exits 130. */
        void stop() throws IOException, InterruptedException {
            assertThat(process.isAlive()).as("the run is still training when it is stopped:\n" + Files.readString(log)).isTrue();
            process.destroy();
            assertThat(process.waitFor(HANG.toSeconds(), TimeUnit.SECONDS)).as("the run stops after SIGTERM").isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.INTERRUPTED);
        }

        void kill() {
            if (process.isAlive()) process.destroyForcibly();
        }
    }
}
