package bplab.report;

import bplab.config.EngineKind;
import bplab.config.OutputConfig;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart: per epoch (training loss, test loss, test accuracy)
 * and per iteration (each layer's weight-gradient norm, the output-delta norm). One colour per
 * output configuration (per group if that would be ambiguous), a solid line for DL4J and a
 * dashed one for the hand-written engine; with several seeds, the mean is drawn with a band
 * from the min to the max over seeds. Iteration series are smoothed with an exponential
 * moving average drawn strongly over the faint raw trace, on a log scale. Points that are not
 * recorded, NaN or infinite (a diverged iteration) are left out of every plotted line: XChart
 * cannot draw them, least of all on a log axis. An experiment with paired cells also gets the gap
 * chart: the relative difference of each pair's loss per iteration. Each group whose network has
 * more than one hidden layer gets a per-layer chart ({@link #layers}): one line per hidden layer.
 */
public final class Charts {
    static final int WIDTH = 1000;
    static final int HEIGHT = 540;
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
            new Color(0x7f7f7f), new Color(0xbcbd22)};
    private static final BasicStroke SOLID = new BasicStroke(2.2f);
    private static final BasicStroke DASHED = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 6f}, 0f);
    private static final BasicStroke THIN = new BasicStroke(0.8f);
    static final String GAP_FILE = "engine-gap.png";
    /** Where a relative difference of 0 is drawn on the engine-gap chart's log axis. */
    static final double GAP_FLOOR = 1e-17;
    private static final String GAP_FLOOR_TEXT = "1e-17";
    /** File name prefix of the per-layer charts: {@code layers-<group slug>.png}. */
    static final String LAYERS_PREFIX = "layers-";
    /** Longest group slug in a file name before it is cut and given a hash. */
    private static final int MAX_SLUG = 80;

    /** A chart and where it goes: {@code fileName} under the report's charts directory. */
    public record Chart(String fileName, String title, String caption, XYChart chart) {}

    private record Style(Color color, BasicStroke stroke) {}

    private Charts() {}

    public static List<Chart> build(List<RunGroup> groups) {
        Map<RunGroup, Style> styles = styles(groups);
        List<Chart> charts = new ArrayList<>();
        boolean bands = groups.stream().anyMatch(g -> g.runs().size() > 1);
        String bandNote = bands ? " Shaded: min to max over seeds; line: mean over seeds." : "";
        charts.add(epochChart(groups, styles, "train-loss.png", "Training loss per epoch", "loss (log scale)", true,
                r -> r.epochs().trainLoss(), 1, "Mean of the epoch's minibatch losses (each before its update)." + bandNote));
        charts.add(epochChart(groups, styles, "test-loss.png", "Test loss per epoch", "loss (log scale)", true,
                r -> r.epochs().testLoss(), 1, "Mean loss on the test set after each epoch. MSE and cross-entropy losses are on different scales." + bandNote));
        charts.add(epochChart(groups, styles, "test-accuracy.png", "Test accuracy per epoch", "test accuracy (%)", false,
                r -> r.epochs().testAccuracy(), 100, "Fraction of test images classified correctly after each epoch." + bandNote));
        int layers = groups.stream().mapToInt(g -> g.config().model().hidden().size() + 1).max().orElse(1);
        for (int l = 0; l < layers; l++) {
            int li = l;
            String which = l == layers - 1 ? "output layer" : "hidden layer " + (l + 1);
            charts.add(iterationChart(groups, styles, "grad-norm-layer-" + l + ".png",
                    "Weight-gradient norm, layer " + l + " (" + which + ")", "‖dL/dW‖ (log scale)",
                    r -> li < r.iterations().layers() ? r.iterations().gradW()[li].values() : null,
                    "L2 norm of the minibatch-mean weight gradient of layer " + l + " (grad_norm_" + l + "_W); "
                            + "for networks of different depth, layer " + l + " is counted from the input." + smoothNote(bands)));
        }
        charts.add(iterationChart(groups, styles, "output-delta-norm.png", "Output-delta norm per iteration", "mean ‖dL/dz‖ at the output (log scale)",
                r -> r.iterations().outputDelta().values(),
                "Mean over the minibatch of the per-example output delta norm: where sigmoid' saturation under MSE shows." + smoothNote(bands)));
        charts.addAll(layers(groups));
        return charts;
    }

    /**
     * Per group whose network has more than one hidden layer, Nielsen's speed of learning of each
     * hidden layer per iteration: the bias-gradient norm {@code grad_norm_{l}_b}, one colour per hidden
     * layer (legend 1-based), output layer left out, log scale, smoothed and downsampled like the other
     * iteration charts, with a min-max band over seeds. Groups that differ only in {@code engine} share
     * one chart, DL4J solid and hand-written dashed, so the two engines' curves lie on top of each other.
     * File {@code layers-<slug>.png}, the slug made from the group's label (with the engines joined by
     * {@code +} when they share a chart). Empty when no group has more than one hidden layer.
     */
    static List<Chart> layers(List<RunGroup> groups) {
        Map<String, List<RunGroup>> byChart = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            if (g.config().model().hidden().size() > 1) byChart.computeIfAbsent(withoutEngine(g), k -> new ArrayList<>()).add(g);
        }
        List<Chart> charts = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        for (List<RunGroup> shared : byChart.values()) {
            String label = shared.size() == 1 ? shared.get(0).label() : mergedLabel(shared);
            String slug = slug(label);
            for (int k = 2; !slugs.add(slug); k++) slug = slug(label) + "-" + k;
            charts.add(layerChart(shared, LAYERS_PREFIX + slug + ".png"));
        }
        return charts;
    }

    private static Chart layerChart(List<RunGroup> shared, String file) {
        boolean engines = shared.size() > 1;
        boolean bands = shared.stream().anyMatch(g -> g.runs().size() > 1);
        int hidden = shared.get(0).config().model().hidden().size();
        String title = "Speed of learning per hidden layer: " + layerTitle(shared);
        XYChart chart = newChart(title, "iteration", "‖dC/db‖ of the hidden layer (log scale)", true, hidden * shared.size());
        List<Runnable> strongLines = new ArrayList<>();
        for (RunGroup g : shared) {
            BasicStroke stroke = g.engine() == EngineKind.HANDWRITTEN ? DASHED : SOLID;
            for (int l = 0; l < hidden; l++) {
                int li = l;
                String name = "hidden layer " + (l + 1) + (engines ? " (" + g.engine().name().toLowerCase(Locale.ROOT) + ")" : "");
                List<Series.XY> runs = g.runs().stream()
                        .map(r -> new Series.XY(r.iterations().iteration(), r.iterations().gradB()[li].values())).toList();
                addSmoothed(chart, name, runs, PALETTE[l % PALETTE.length], stroke, strongLines);
            }
        }
        strongLines.forEach(Runnable::run);
        placeholderIfEmpty(chart);
        labelWithinDecades(chart);
        return new Chart(file, title,
                "Nielsen's speed of learning (chapter 5) of each hidden layer: the L2 norm of the minibatch-mean bias gradient "
                        + "‖dC/db^l‖ per iteration. \"hidden layer l\" is iterations.csv's grad_norm_{l-1}_b (hidden layer 1 = "
                        + "grad_norm_0_b, the layer after the input); the output layer is left out. Lines that fall apart towards "
                        + "hidden layer 1 are a vanishing gradient: the early layers learn more slowly."
                        + (engines ? " DL4J solid, hand-written engine dashed (same seeds, same starting parameters)." : "")
                        + smoothNote(bands),
                chart);
    }

    /** The group's label without its {@code engine=...} part: groups that differ only in the engine share it. */
    private static String withoutEngine(RunGroup g) {
        Map<String, String> values = g.runs().get(0).values();
        if (!values.containsKey(EngineAgreement.ENGINE_KEY)) return g.label();
        Map<String, String> rest = new LinkedHashMap<>(values);
        rest.remove(EngineAgreement.ENGINE_KEY);
        rest.remove("seed");
        return "engine-less:" + rest;
    }

    /** The groups' shared label with the engine's value replaced by all their engines: {@code ...,engine=dl4j+handwritten}. */
    private static String mergedLabel(List<RunGroup> shared) {
        String engines = String.join("+", shared.stream().map(g -> g.runs().get(0).values().get(EngineAgreement.ENGINE_KEY)).toList());
        List<String> parts = new ArrayList<>();
        shared.get(0).runs().get(0).values().forEach((k, v) -> {
            if (!k.equals("seed")) parts.add(k + "=" + (k.equals(EngineAgreement.ENGINE_KEY) ? engines : v));
        });
        return String.join(",", parts);
    }

    /**
     * What a per-layer chart shows, short enough for its title: the network as {@code 784-30-30-10}, the
     * output configuration, the other varied values (keys shortened as in {@link #legend}; seed, engine and
     * hidden layers left out), the engine when the chart has one, and the number of seeds.
     */
    private static String layerTitle(List<RunGroup> shared) {
        RunGroup first = shared.get(0);
        StringBuilder net = new StringBuilder("784");
        first.config().model().hidden().forEach(h -> net.append('-').append(h.units()));
        List<String> parts = new ArrayList<>(List.of(net.append("-10").toString(), first.output().yamlName()));
        first.runs().get(0).values().forEach((k, v) -> {
            if (!List.of("seed", EngineAgreement.ENGINE_KEY, "model.hidden", "model.output").contains(k)) {
                parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v);
            }
        });
        if (shared.size() == 1) parts.add(first.engine().name().toLowerCase(Locale.ROOT));
        int seeds = first.runs().size();
        return String.join(", ", parts) + (seeds > 1 ? " (" + seeds + " seeds)" : "");
    }

    /**
     * A file-name-safe form of a group label: each key shortened to its last segment as in the legend
     * ({@code model.hidden=...} becomes {@code hidden-...}), runs of characters other than letters, digits,
     * {@code .} and {@code _} become {@code -}; longer than {@value #MAX_SLUG} characters, it is cut and
     * gets a hash of the whole label so that distinct labels stay distinct.
     */
    static String slug(String label) {
        List<String> parts = new ArrayList<>();
        for (String part : label.split(",(?=[A-Za-z0-9_.]+=)")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            parts.add(eq < 0 ? part : key.substring(key.lastIndexOf('.') + 1) + "=" + part.substring(eq + 1));
        }
        String s = String.join("-", parts).replaceAll("[^A-Za-z0-9._]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty()) s = "group";
        if (s.length() > MAX_SLUG) s = s.substring(0, MAX_SLUG - 9) + "-" + String.format(Locale.ROOT, "%08x", label.hashCode());
        return s;
    }

    /**
     * Per DL4J / hand-written pair, the relative difference of the loss per iteration, log scale;
     * differences below {@link #GAP_FLOOR} (0: bit-identical losses) are drawn at the floor,
     * infinite ones (a NaN loss against a number) are left out. One colour per pair.
     */
    static Chart engineGap(List<EngineAgreement.Result> pairs) {
        XYChart chart = newChart("Gap between paired cells: loss", "iteration",
                "loss rel. difference (log; 0 at " + GAP_FLOOR_TEXT + ")", true, pairs.size());
        List<Runnable> strongLines = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            EngineAgreement.Result r = pairs.get(i);
            double[] y = new double[r.iterations()];
            for (int k = 0; k < y.length; k++) y[k] = Math.max(GAP_FLOOR, r.lossRelDiff()[k]);
            addSmoothed(chart, pairLegend(r.pair()), List.of(new Series.XY(r.iteration(), y)), PALETTE[i % PALETTE.length], SOLID,
                    strongLines);
        }
        strongLines.forEach(Runnable::run);
        double last = pairs.stream().filter(r -> r.iterations() > 0).mapToDouble(r -> r.iteration()[r.iterations() - 1]).max().orElse(-1);
        if (!chart.getSeriesMap().isEmpty() && last > 0) {
            XYSeries threshold = chart.addSeries("threshold " + EngineAgreement.THRESHOLD_TEXT, new double[] {0, last},
                    new double[] {EngineAgreement.THRESHOLD, EngineAgreement.THRESHOLD});
            threshold.setLineColor(Color.GRAY);
            threshold.setLineStyle(DASHED);
            threshold.setMarker(SeriesMarkers.NONE);
        }
        placeholderIfEmpty(chart);
        labelWithinDecades(chart);
        return new Chart(GAP_FILE, "Gap between paired cells: loss",
                "Per pair of cells that differ only in the engine (dl4j vs handwritten: same seed, same initial parameters, same "
                        + "minibatches) or only in the hand-written engine's delta rule (shortcut or dl4j vs jacobian): "
                        + "|loss_1 − loss_2| / max(|loss_1|, |loss_2|) per iteration (iterations.csv). "
                        + "0 cannot go on a log axis: differences below " + GAP_FLOOR_TEXT + " (0 = bit-identical losses) are drawn at "
                        + GAP_FLOOR_TEXT + "; iterations where one loss is NaN (an infinite difference) are left out. Grey dashed: the "
                        + EngineAgreement.THRESHOLD_TEXT + " threshold of the table's \"first > " + EngineAgreement.THRESHOLD_TEXT + "\". "
                        + "The table \"Agreement of paired cells\" gives the exact maxima." + smoothNote(false),
                chart);
    }

    /** The pair's shared varied values with each key shortened to its last segment, as in {@link #legend}. */
    private static String pairLegend(EngineAgreement.Pair p) {
        List<String> parts = new ArrayList<>();
        p.first().values().forEach((k, v) -> {
            if (!k.equals(EngineAgreement.ENGINE_KEY) && !k.equals(EngineAgreement.RULE_KEY)) {
                parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v);
            }
        });
        String shared = parts.isEmpty() ? p.label() : String.join(", ", parts);
        return p.first().config().engine() == p.second().config().engine() ? shared + " (" + p.between() + ")" : shared;
    }

    private static String smoothNote(boolean bands) {
        return " Strong line: exponential moving average; faint line: raw values"
                + (bands ? " (mean over seeds); shaded: min to max of the smoothed traces over seeds." : ".")
                + " Plotted at most " + Series.MAX_POINTS + " points per series.";
    }

    /** Colour per output configuration when output + engine tells the groups apart, otherwise per group. */
    private static Map<RunGroup, Style> styles(List<RunGroup> groups) {
        Set<String> keys = new HashSet<>();
        boolean byOutput = true;
        for (RunGroup g : groups) byOutput &= keys.add(g.output() + "/" + g.engine());
        Map<OutputConfig, Integer> outputColours = new HashMap<>();
        Map<RunGroup, Style> m = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            RunGroup g = groups.get(i);
            int c = byOutput ? outputColours.computeIfAbsent(g.output(), o -> outputColours.size()) : i;
            m.put(g, new Style(PALETTE[c % PALETTE.length], g.engine() == EngineKind.HANDWRITTEN ? DASHED : SOLID));
        }
        return m;
    }

    private static XYChart newChart(String title, String xTitle, String yTitle, boolean log, int groups) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(groups > 3 ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xe0e0e0));
        s.setYAxisLogarithmic(log);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static Chart epochChart(List<RunGroup> groups, Map<RunGroup, Style> styles, String file, String title, String yTitle,
                                    boolean log, Function<RunData, double[]> values, double scale, String caption) {
        XYChart chart = newChart(title, "epoch", yTitle, log, groups.size());
        for (RunGroup g : groups) {
            List<Series.XY> runs = new ArrayList<>();
            for (RunData r : g.runs()) {
                double[] x = new double[r.epochs().size()];
                double[] y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.epochs().epoch()[i] + 1;
                    y[i] = values.apply(r)[i] * scale;
                }
                runs.add(new Series.XY(x, y));
            }
            Series.Band b = Series.perEpoch(runs, log);
            if (b.x().length == 0) continue;
            Style st = styles.get(g);
            if (b.runs() > 1) addBand(chart, g.label() + " band", b, st.color());
            XYSeries line = chart.addSeries(legend(g), b.x(), b.mean());
            line.setLineColor(st.color());
            line.setLineStyle(st.stroke());
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setMarkerColor(st.color());
        }
        placeholderIfEmpty(chart);
        labelWithinDecades(chart);
        return new Chart(file, title, caption, chart);
    }

    private static Chart iterationChart(List<RunGroup> groups, Map<RunGroup, Style> styles, String file, String title, String yTitle,
                                        Function<RunData, double[]> values, String caption) {
        XYChart chart = newChart(title, "iteration", yTitle, true, groups.size());
        List<Runnable> strongLines = new ArrayList<>();
        for (RunGroup g : groups) {
            List<Series.XY> runs = new ArrayList<>();
            for (RunData r : g.runs()) {
                double[] y = values.apply(r);
                if (y != null) runs.add(new Series.XY(r.iterations().iteration(), y));
            }
            Style st = styles.get(g);
            addSmoothed(chart, legend(g), g.label(), runs, st.color(), st.stroke(), strongLines);
        }
        strongLines.forEach(Runnable::run);
        placeholderIfEmpty(chart);
        labelWithinDecades(chart);
        return new Chart(file, title, caption, chart);
    }

    private static void addSmoothed(XYChart chart, String name, List<Series.XY> runs, Color colour, BasicStroke stroke,
                                    List<Runnable> strongLines) {
        addSmoothed(chart, name, name, runs, colour, stroke, strongLines);
    }

    /**
     * One iteration series over runs (seeds): the faint raw trace (mean over runs) and, with several
     * runs, the min-max band of the smoothed traces are added now; the strong smoothed mean line,
     * named {@code name} in the legend, is queued on {@code strongLines} so that it can be drawn on top
     * of every raw trace and band. {@code id} names the hidden raw and band series. Nothing is added
     * when no run has a plottable (finite, positive) value.
     */
    private static void addSmoothed(XYChart chart, String name, String id, List<Series.XY> runs, Color colour, BasicStroke stroke,
                                    List<Runnable> strongLines) {
        Series.Band b = Series.aggregate(runs, true);
        if (b.x().length == 0) return;
        XYSeries raw = chart.addSeries(id + " raw", b.x(), b.raw());
        raw.setLineColor(faint(colour, 60));
        raw.setLineStyle(THIN);
        raw.setMarker(SeriesMarkers.NONE);
        raw.setShowInLegend(false);
        if (b.runs() > 1) addBand(chart, id + " band", b, colour);
        strongLines.add(() -> {
            XYSeries line = chart.addSeries(name, b.x(), b.mean());
            line.setLineColor(colour);
            line.setLineStyle(stroke);
            line.setMarker(SeriesMarkers.NONE);
        });
    }

    /**
     * On a log axis XChart labels only powers of ten; when the data spans less than two
     * decades (often the case for gradient norms) the values in between are labelled too.
     */
    private static void labelWithinDecades(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                if (y > 0 && Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        chart.getStyler().setYAxisLogarithmicDecadeOnly(!(max > 0 && max / min < 100));
    }

    /** A filled polygon: along the max forward, back along the min. */
    private static void addBand(XYChart chart, String name, Series.Band b, Color color) {
        int n = b.x().length;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = b.x()[i];
            y[i] = b.max()[i];
            x[2 * n - 1 - i] = b.x()[i];
            y[2 * n - 1 - i] = b.min()[i];
        }
        XYSeries band = chart.addSeries(name, x, y);
        band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(faint(color, 45));
        band.setLineColor(faint(color, 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
    }

    /** XChart refuses to draw a chart without series: show an explicit "no data" one instead. */
    private static void placeholderIfEmpty(XYChart chart) {
        if (!chart.getSeriesMap().isEmpty()) return;
        chart.getStyler().setYAxisLogarithmic(false);
        XYSeries s = chart.addSeries("no data recorded", new double[] {0, 1}, new double[] {0, 0});
        s.setLineColor(Color.LIGHT_GRAY);
        s.setMarker(SeriesMarkers.NONE);
    }

    /**
     * The group's varied values with each key shortened to its last segment
     * ({@code model.output=mse_sigmoid} becomes {@code output=mse_sigmoid}), plus output and
     * engine when they are not varied, and the number of seeds.
     */
    static String legend(RunGroup g) {
        List<String> parts = new ArrayList<>();
        Map<String, String> values = g.runs().get(0).values();
        values.forEach((k, v) -> {
            if (!k.equals("seed")) parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v);
        });
        if (!values.containsKey("model.output")) parts.add(0, g.output().yamlName());
        if (!values.containsKey("engine")) parts.add(g.engine().name().toLowerCase(Locale.ROOT));
        String label = String.join(", ", parts);
        return g.runs().size() > 1 ? label + " (" + g.runs().size() + " seeds)" : label;
    }

    private static Color faint(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
