package bplab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import bplab.config.ConfigLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;

/** The per-hidden-layer view: Nielsen's speed of learning ‖dC/db^l‖ per hidden layer, charted and tabulated. */
class HiddenLayerSpeedsTest {
    private static final String TWO = "[{\"units\":30},{\"units\":30}]";
    private static final String THREE = "[{\"units\":30},{\"units\":30},{\"units\":30}]";
    private static final double[] ACC = {0.9, 0.95};

    @TempDir
    Path tmp;

    /**
     * 2 epochs of 2 iterations, so 4 rows. Two hidden layers, seed s (1 or 2): grad_norm_0_b = s x [0.1, 0.2, 0.3, 0.4]
     * (mean 0.25 s), grad_norm_1_b = [0.5, 0.5, 1.0, 1.0] (mean 0.75), output layer 9.
     */
    private static double two(int seed, int layer, int row) {
        return switch (layer) {
            case 0 -> seed * 0.1 * (row + 1);
            case 1 -> row < 2 ? 0.5 : 1.0;
            default -> 9.0;
        };
    }

    /**
     * Three hidden layers: grad_norm_l_b = 10^(l-2) (row + 1), except 0.05 for hidden layer 1 at row 0; so hidden
     * layer 1 has [0.05, 0.02, 0.03, 0.04] (mean 0.035), hidden layer 3 [1, 2, 3, 4] (mean 2.5); output layer 7.
     */
    private static double three(int layer, int row) {
        if (layer == 3) return 7.0;
        if (layer == 0 && row == 0) return 0.05;
        return Math.pow(10, layer - 2) * (row + 1);
    }

    /**
     * An experiment varying model.hidden over [30], [30, 30] and [30, 30, 30]: the 1- and 2-layer networks with
     * seeds 1 and 2, the 3-layer one with seed 1.
     */
    private Path experiment() throws IOException {
        Path exp = tmp.resolve("depth");
        Files.createDirectories(exp);
        List<RunFixtures.CellSpec> cells = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            String d = "hidden-1__seed-" + seed;
            RunFixtures.run(exp.resolve(d), List.of("seed=" + seed, "model.hidden[0].units=30"), ACC, 2, 0.5, true);
            cells.add(cell("[{\"units\":30}]", seed, d));
        }
        for (int seed = 1; seed <= 2; seed++) {
            int s = seed;
            String d = "hidden-2__seed-" + seed;
            RunFixtures.deepRun(exp.resolve(d), List.of("seed=" + seed), 2, ACC, null, 2, (l, i) -> two(s, l, i));
            cells.add(cell(TWO, seed, d));
        }
        RunFixtures.deepRun(exp.resolve("hidden-3__seed-1"), List.of("seed=1"), 3, ACC, null, 2, HiddenLayerSpeedsTest::three);
        cells.add(cell(THREE, 1, "hidden-3__seed-1"));
        RunFixtures.manifest(exp, "depth", cells);
        return exp;
    }

    private static RunFixtures.CellSpec cell(String hidden, int seed, String dir) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("model.hidden", hidden);
        values.put("seed", String.valueOf(seed));
        return new RunFixtures.CellSpec("model.hidden=" + hidden + ",seed=" + seed, dir, values, "ok");
    }

    private static Map<String, XYSeries> series(Charts.Chart chart) {
        return chart.chart().getSeriesMap();
    }

    private static void assertPng(Path png) throws IOException {
        assertThat(png).isRegularFile();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as(png.toString()).isNotNull();
        assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
    }

    @Test
    void eachGroupWithSeveralHiddenLayersGetsAChartWithOneLinePerHiddenLayer() throws IOException {
        Path exp = experiment();
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        assertThat(files.charts()).extracting(p -> p.getFileName().toString()).containsExactly(
                "train-loss.png", "test-loss.png", "test-accuracy.png", "grad-norm-layer-0.png", "grad-norm-layer-1.png",
                "grad-norm-layer-2.png", "grad-norm-layer-3.png", "output-delta-norm.png",
                "layers-hidden-units-30-units-30.png", "layers-hidden-units-30-units-30-units-30.png");
        assertPng(exp.resolve("charts/layers-hidden-units-30-units-30.png"));
        assertPng(exp.resolve("charts/layers-hidden-units-30-units-30-units-30.png"));
        String html = Files.readString(files.html());
        assertThat(html).contains("data-file=\"charts/layers-hidden-units-30-units-30.png\"")
                .contains("hidden layer l&quot; is iterations.csv&#39;s grad_norm_{l-1}_b");

        List<Charts.Chart> charts = Charts.layers(new Report(new ConfigLoader()).groups(exp));
        assertThat(charts).hasSize(2);
        Charts.Chart two = charts.get(0);
        assertThat(two.fileName()).isEqualTo("layers-hidden-units-30-units-30.png");
        assertThat(two.chart().getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(two.title()).isEqualTo("Speed of learning per hidden layer: 784-30-30-10, ce_softmax, dl4j (2 seeds)");
        assertThat(two.caption()).contains("grad_norm_{l-1}_b").contains("output layer is left out").contains("min to max");
        // two seeds: raw trace, band and smoothed line per hidden layer; no output layer
        assertThat(series(two).keySet()).containsExactlyInAnyOrder("hidden layer 1", "hidden layer 1 raw", "hidden layer 1 band",
                "hidden layer 2", "hidden layer 2 raw", "hidden layer 2 band");
        // raw: mean over the seeds of grad_norm_0_b, (0.1 s) (i + 1) for s = 1, 2
        assertThat(series(two).get("hidden layer 1 raw").getXData()).containsExactly(0, 1, 2, 3);
        double[] raw = series(two).get("hidden layer 1 raw").getYData();
        double[] expectedRaw = {0.15, 0.3, 0.45, 0.6};
        for (int i = 0; i < 4; i++) assertThat(raw[i]).isCloseTo(expectedRaw[i], within(1e-12));
        assertThat(series(two).get("hidden layer 2 raw").getYData()).containsExactly(0.5, 0.5, 1.0, 1.0);
        // line: mean over seeds of each seed's EMA (alpha 1/3 for 4 points), i.e. 1.5 x seed 1's
        double[] ema1 = Series.ema(new double[] {0.1, 0.2, 0.3, 0.4}, Series.alphaFor(4));
        double[] line = series(two).get("hidden layer 1").getYData();
        for (int i = 0; i < 4; i++) assertThat(line[i]).isCloseTo(1.5 * ema1[i], within(1e-12));
        assertThat(line[1]).isCloseTo(1.5 * (0.1 + (0.2 - 0.1) / 3), within(1e-12));
        // band: min to max over the seeds' EMAs, seed 1's and twice that
        double[] band = series(two).get("hidden layer 1 band").getYData(); // along the max, then back along the min
        assertThat(band[band.length - 1]).isCloseTo(ema1[0], within(1e-12));
        assertThat(band[0]).isCloseTo(2 * ema1[0], within(1e-12));

        Charts.Chart three = charts.get(1);
        assertThat(series(three).keySet()).containsExactlyInAnyOrder("hidden layer 1", "hidden layer 1 raw", "hidden layer 2",
                "hidden layer 2 raw", "hidden layer 3", "hidden layer 3 raw");
        assertThat(series(three).get("hidden layer 1 raw").getYData()).containsExactly(0.05, 0.02, 0.03, 0.04);
        assertThat(series(three).get("hidden layer 3 raw").getYData()).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(series(three).values()).noneMatch(s -> Arrays.stream(s.getYData()).anyMatch(y -> y == 7.0));
    }

    @Test
    void theTableGivesEachHiddenLayersMeanAndTheFirstToLastRatioOverSeeds() throws IOException {
        Path exp = experiment();
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        String md = Files.readString(files.markdown());
        String section = md.substring(md.indexOf("## Speed of learning per hidden layer"));
        section = section.substring(0, section.indexOf("\n## "));
        assertThat(section).contains("| group | seeds | output | engine | hidden activation | mean ‖dC/db‖ hidden layer 1 (grad_norm_0_b) "
                + "| mean ‖dC/db‖ hidden layer 2 (grad_norm_1_b) | mean ‖dC/db‖ hidden layer 3 (grad_norm_2_b) "
                + "| first / last hidden (means) | first recorded iteration | first / last hidden there |");
        // seeds 1 and 2: layer 1 means 0.25 and 0.5, layer 2 0.75 and 0.75; ratios 1/3 and 2/3; at iteration 0: 0.1/0.5, 0.2/0.5
        assertThat(section).contains("| model.hidden=" + TWO + " | 1 2 | ce_softmax | dl4j | sigmoid | 0.375 ± 0.18 | 0.750 ± 0.0 |  "
                + "| 0.500 ± 0.24 | 0 | 0.300 ± 0.14 |");
        // one seed: 0.035, 0.25, 2.5; 0.035 / 2.5 = 0.014; at iteration 0: 0.05 / 1
        assertThat(section).contains("| model.hidden=" + THREE + " | 1 | ce_softmax | dl4j | sigmoid | 0.0350 | 0.250 | 2.50 | 0.0140 | 0 | 0.0500 |");
        assertThat(section).doesNotContain("model.hidden=[{\"units\":30}] ");

        List<String> csv = Files.readAllLines(files.csv());
        List<String> header = Arrays.asList(csv.get(0).split(",", -1));
        assertThat(header).containsSubsequence("mean_grad_norm_3_W", "hidden_activations", "grad_norm_0_b_mean", "grad_norm_0_b_sd",
                "grad_norm_1_b_mean", "grad_norm_1_b_sd", "grad_norm_2_b_mean", "grad_norm_2_b_sd", "ratio_first_last_hidden_mean",
                "ratio_first_last_hidden_sd", "first_recorded_iteration", "ratio_first_last_hidden_at_first_iteration_mean",
                "ratio_first_last_hidden_at_first_iteration_sd", "published_source");
        Map<String, String> group = row(csv, header, "group,\"model.hidden=" + TWO.replace("\"", "\"\"") + "\"");
        assertThat(group.get("hidden_activations")).isEqualTo("sigmoid");
        assertThat(Double.parseDouble(group.get("grad_norm_0_b_mean"))).isCloseTo(0.375, within(1e-12));
        assertThat(Double.parseDouble(group.get("grad_norm_0_b_sd"))).isCloseTo(0.125 * Math.sqrt(2), within(1e-12));
        assertThat(Double.parseDouble(group.get("grad_norm_1_b_mean"))).isCloseTo(0.75, within(1e-12));
        assertThat(Double.parseDouble(group.get("grad_norm_1_b_sd"))).isCloseTo(0, within(1e-12));
        assertThat(group.get("grad_norm_2_b_mean")).isEmpty();
        assertThat(Double.parseDouble(group.get("ratio_first_last_hidden_mean"))).isCloseTo(0.5, within(1e-12));
        assertThat(Double.parseDouble(group.get("ratio_first_last_hidden_sd"))).isCloseTo(Math.sqrt(2) / 6, within(1e-12));
        assertThat(group.get("first_recorded_iteration")).isEqualTo("0");
        assertThat(Double.parseDouble(group.get("ratio_first_last_hidden_at_first_iteration_mean"))).isCloseTo(0.3, within(1e-12));
        assertThat(Double.parseDouble(group.get("ratio_first_last_hidden_at_first_iteration_sd"))).isCloseTo(0.1 * Math.sqrt(2), within(1e-12));
        Map<String, String> cell = row(csv, header, "cell,\"model.hidden=" + THREE.replace("\"", "\"\"") + "\"");
        assertThat(Double.parseDouble(cell.get("grad_norm_2_b_mean"))).isCloseTo(2.5, within(1e-12));
        assertThat(Double.parseDouble(cell.get("ratio_first_last_hidden_mean"))).isCloseTo(0.014, within(1e-12));
        assertThat(cell.get("ratio_first_last_hidden_sd")).isEmpty();
        Map<String, String> shallow = row(csv, header, "cell,\"model.hidden=[{\"\"units\"\":30}]\"");
        assertThat(shallow.get("hidden_activations")).isEmpty();
        assertThat(shallow.get("ratio_first_last_hidden_mean")).isEmpty();
    }

    /** The first row starting with {@code prefix}, by column name; labels are the only quoted fields and hold no "," + key. */
    private static Map<String, String> row(List<String> csv, List<String> header, String prefix) {
        String line = csv.stream().filter(l -> l.startsWith(prefix + ",")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix + " in " + csv));
        List<String> cells = new ArrayList<>();
        StringBuilder c = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                c.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                cells.add(c.toString());
                c.setLength(0);
            } else {
                c.append(ch);
            }
        }
        cells.add(c.toString());
        assertThat(cells).as(line).hasSameSizeAs(header);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) m.put(header.get(i), cells.get(i));
        return m;
    }

    @Test
    void aSingleRunWithThreeHiddenLayersGetsTheChartAndTheTableFromItsFirstRecordedIteration() throws IOException {
        Path run = RunFixtures.deepRun(tmp.resolve("deep-run"), List.of("seed=4", "model.output=xent_sigmoid"), 3, ACC, null, 2,
                HiddenLayerSpeedsTest::three);
        // iteration 0's gradient not recorded for hidden layer 1: the first iteration with both layers is 1
        RunFixtures.editIterations(run, "grad_norm_0_b", (i, v) -> i == 0 ? "" : v);
        Report.Files files = new Report(new ConfigLoader()).generate(run);
        assertThat(files.charts()).extracting(p -> p.getFileName().toString()).contains("layers-deep-run.png");
        assertPng(run.resolve("charts/layers-deep-run.png"));
        // hidden layer 1 over rows 1-3: 0.03; / 2.5 = 0.012; at iteration 1: 0.02 / 2
        assertThat(Files.readString(files.markdown())).contains("## Speed of learning per hidden layer")
                .contains("| deep-run | 4 | xent_sigmoid | dl4j | sigmoid | 0.0300 | 0.250 | 2.50 | 0.0120 | 1 | 0.0100 |");
        HiddenLayerSpeeds s = HiddenLayerSpeeds.of(RunData.load(run, "deep-run", Map.of(), new ConfigLoader()));
        assertThat(s.hiddenLayers()).isEqualTo(3);
        assertThat(s.bias(0).n()).isEqualTo(3);
        assertThat(s.initIteration()).isEqualTo(1);
        assertThat(s.initRatio().mean()).isCloseTo(0.01, within(1e-15));
    }

    @Test
    void networksWithOneHiddenLayerGetNoPerLayerChartOrTable() throws IOException {
        Path exp = RunFixtures.experiment(tmp.resolve("shallow"), 20);
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        assertThat(files.charts()).extracting(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith("layers-"));
        assertThat(Files.readString(files.markdown())).doesNotContain("Speed of learning per hidden layer");
        assertThat(Files.readAllLines(files.csv()).get(0)).doesNotContain("ratio_first_last_hidden").doesNotContain("hidden_activations");

        Path run = RunFixtures.run(tmp.resolve("one"), List.of("seed=1"), ACC, 20, 0.5, true);
        Report.Files single = new Report(new ConfigLoader()).generate(run);
        assertThat(single.charts()).extracting(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith("layers-"));
        assertThat(run.resolve("charts")).isDirectoryNotContaining("glob:**/layers-*");
    }

    @Test
    void groupsThatDifferOnlyInTheEngineShareOneChartDl4jSolidHandwrittenDashed() throws IOException {
        Path exp = tmp.resolve("engines");
        Files.createDirectories(exp);
        List<RunFixtures.CellSpec> cells = new ArrayList<>();
        for (String engine : List.of("dl4j", "handwritten")) {
            String d = "engine-" + engine;
            RunFixtures.deepRun(exp.resolve(d), List.of("seed=1", "engine=" + engine), 2, ACC, null, 2, (l, i) -> two(1, l, i));
            Map<String, String> values = new LinkedHashMap<>();
            values.put("model.hidden", TWO);
            values.put("engine", engine);
            values.put("seed", "1");
            cells.add(new RunFixtures.CellSpec("model.hidden=" + TWO + ",engine=" + engine + ",seed=1", d, values, "ok"));
        }
        RunFixtures.manifest(exp, "engines", cells);
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        assertThat(files.charts()).extracting(p -> p.getFileName().toString()).filteredOn(n -> n.startsWith("layers-"))
                .containsExactly("layers-hidden-units-30-units-30-engine-dl4j-handwritten.png");
        Charts.Chart chart = Charts.layers(new Report(new ConfigLoader()).groups(exp)).get(0);
        assertThat(chart.title()).isEqualTo("Speed of learning per hidden layer: 784-30-30-10, ce_softmax");
        assertThat(chart.caption()).contains("DL4J solid, hand-written engine dashed");
        var series = series(chart);
        assertThat(series.keySet()).containsExactlyInAnyOrder(
                "hidden layer 1 (dl4j)", "hidden layer 1 (dl4j) raw", "hidden layer 2 (dl4j)", "hidden layer 2 (dl4j) raw",
                "hidden layer 1 (handwritten)", "hidden layer 1 (handwritten) raw", "hidden layer 2 (handwritten)",
                "hidden layer 2 (handwritten) raw");
        assertThat(series.get("hidden layer 1 (dl4j)").getLineStyle().getDashArray()).isNull();
        assertThat(series.get("hidden layer 1 (handwritten)").getLineStyle().getDashArray()).isNotNull();
        assertThat(series.get("hidden layer 1 (dl4j)").getLineColor()).isEqualTo(series.get("hidden layer 1 (handwritten)").getLineColor())
                .isNotEqualTo(series.get("hidden layer 2 (dl4j)").getLineColor());
        assertThat(series.get("hidden layer 2 (handwritten) raw").getYData()).containsExactly(0.5, 0.5, 1.0, 1.0);
        // the table keeps one row per group (engine)
        String md = Files.readString(files.markdown());
        assertThat(md).contains("| model.hidden=" + TWO + ",engine=dl4j | 1 | ce_softmax | dl4j | sigmoid | 0.250 | 0.750 | 0.333 | 0 | 0.200 |")
                .contains("| model.hidden=" + TWO + ",engine=handwritten | 1 | ce_softmax | handwritten | sigmoid | 0.250 | 0.750 | 0.333 | 0 | 0.200 |");
    }

    @Test
    void slugsShortenKeysAndKeepLettersDigitsDotsAndUnderscores() {
        assertThat(Charts.slug("model.hidden=" + TWO + ",engine=dl4j")).isEqualTo("hidden-units-30-units-30-engine-dl4j");
        assertThat(Charts.slug("ce-softmax-20261129-101500")).isEqualTo("ce-softmax-20261129-101500");
        assertThat(Charts.slug("model.hidden=[{\"units\":30,\"activation\":\"relu\"}],training.updater.learning_rate=0.5"))
                .isEqualTo("hidden-units-30-activation-relu-learning_rate-0.5");
        String longLabel = "model.hidden=" + "[{\"units\":30}]".repeat(20);
        assertThat(Charts.slug(longLabel)).hasSize(80).isNotEqualTo(Charts.slug(longLabel + "x"));
    }
}
