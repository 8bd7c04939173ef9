package bplab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of one run or an experiment: per cell, aggregated over seeds (mean and sample
 * standard deviation), gradient statistics per output configuration and engine, the speed of
 * learning of each hidden layer for networks with several, our accuracies beside the published
 * ones, and how closely paired DL4J / hand-written cells agree.
 * Written as {@code summary.md}, {@code summary.csv} and, when there are pairs,
 * {@code engine-agreement.csv}.
 */
public final class Summary {
    public static final String MARKDOWN = "summary.md";
    public static final String CSV = "summary.csv";
    public static final String AGREEMENT_CSV = "engine-agreement.csv";

    private final String title;
    private final List<RunGroup> groups;
    private final List<EngineAgreement.Result> agreement;

    public Summary(String title, List<RunGroup> groups) {
        this(title, groups, List.of());
    }

    /** @param agreement the compared DL4J / hand-written pairs (empty: no engine-agreement table) */
    public Summary(String title, List<RunGroup> groups, List<EngineAgreement.Result> agreement) {
        this.title = title;
        this.groups = List.copyOf(groups);
        this.agreement = List.copyOf(agreement);
    }

    public List<Table> tables() {
        List<Table> t = new ArrayList<>();
        t.add(perCell());
        if (groups.stream().anyMatch(g -> g.runs().size() > 1)) t.add(perGroup());
        t.add(gradients());
        if (groups.stream().anyMatch(Summary::deep)) t.add(layerSpeed());
        if (!agreement.isEmpty()) t.add(engineAgreement());
        t.add(published());
        return t;
    }

    private Table perCell() {
        List<String> header = new ArrayList<>(List.of("cell", "status", "seed", "final test acc", "best test acc"));
        for (double th : RunStats.THRESHOLDS) header.add("to " + pct0(th) + " (epochs / iterations)");
        header.add("wall s");
        List<List<String>> rows = new ArrayList<>();
        for (RunGroup g : groups) {
            for (RunData r : g.runs()) {
                RunStats s = RunStats.of(r);
                List<String> row = new ArrayList<>(List.of(r.label(), r.status(), String.valueOf(r.config().seed()),
                        pct(s.finalAccuracy()), pct(s.bestAccuracy())));
                for (int t = 0; t < RunStats.THRESHOLDS.length; t++) {
                    row.add(Double.isNaN(s.epochsTo()[t]) ? "not reached"
                            : String.format(Locale.ROOT, "%.0f / %,.0f", s.epochsTo()[t], s.iterationsTo()[t]));
                }
                row.add(num(s.wallSeconds(), 1));
                rows.add(row);
            }
        }
        return new Table("Per cell", "Test accuracy after each epoch; \"to 95%\" is the first epoch whose test accuracy "
                + "reached 95% and the iterations done by then (epochs.csv).", header, rows);
    }

    private Table perGroup() {
        List<String> header = new ArrayList<>(List.of("group", "seeds", "final test acc", "best test acc"));
        for (double th : RunStats.THRESHOLDS) header.add("to " + pct0(th) + ": epochs; iterations");
        header.add("wall s");
        List<List<String>> rows = new ArrayList<>();
        for (RunGroup g : groups) {
            List<RunStats> s = g.stats();
            List<String> row = new ArrayList<>(List.of(g.label(), g.seeds(),
                    pctStats(Stats.of(s.stream().mapToDouble(RunStats::finalAccuracy).toArray())),
                    pctStats(Stats.of(s.stream().mapToDouble(RunStats::bestAccuracy).toArray()))));
            for (int t = 0; t < RunStats.THRESHOLDS.length; t++) {
                int ti = t;
                Stats e = Stats.of(s.stream().mapToDouble(x -> x.epochsTo()[ti]).toArray());
                Stats i = Stats.of(s.stream().mapToDouble(x -> x.iterationsTo()[ti]).toArray());
                if (e.n() == 0) {
                    row.add("not reached");
                } else {
                    row.add(numStats(e, 1) + "; " + numStats(i, 0) + (e.n() < e.total() ? " (" + e.n() + "/" + e.total() + " seeds reached)" : ""));
                }
            }
            row.add(numStats(Stats.of(s.stream().mapToDouble(RunStats::wallSeconds).toArray()), 1));
            rows.add(row);
        }
        return new Table("Aggregated over seeds", "mean ± sample standard deviation over the seeds of each group; "
                + "thresholds averaged over the seeds that reached them.", header, rows);
    }

    private Table gradients() {
        Map<String, List<RunData>> byOutput = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            String key = g.output().yamlName() + " / " + g.engine().name().toLowerCase(Locale.ROOT);
            byOutput.computeIfAbsent(key, k -> new ArrayList<>()).addAll(g.runs());
        }
        int layers = groups.stream().mapToInt(g -> g.config().model().hidden().size() + 1).max().orElse(1);
        List<String> header = new ArrayList<>(List.of("output / engine", "runs", "mean output_delta_norm"));
        for (int l = 0; l < layers; l++) header.add("mean grad_norm_" + l + "_W" + (l == layers - 1 ? " (output)" : ""));
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<RunData>> e : byOutput.entrySet()) {
            List<RunStats> s = e.getValue().stream().map(RunStats::of).toList();
            List<String> row = new ArrayList<>(List.of(e.getKey(), String.valueOf(s.size()),
                    sciStats(Stats.ofMeans(s.stream().map(RunStats::outputDelta).toList()))));
            for (int l = 0; l < layers; l++) {
                int li = l;
                row.add(sciStats(Stats.ofMeans(s.stream().map(x -> x.gradW(li)).toList())));
            }
            rows.add(row);
        }
        return new Table("Gradient statistics per output configuration",
                "Each run's mean over its recorded iterations (iterations.csv), then mean ± sd over runs. Layer 0 is the first "
                        + "hidden layer; the last is the output layer. The output delta is the mean per-example ‖dL/dz‖ at the output. "
                        + "A run that recorded a NaN or infinite value (it diverged) has no mean: NaN, and so has every mean over "
                        + "runs that includes it (\"NaN (k/n runs not finite)\").",
                header, rows);
    }

    /** Whether the group's network has more than one hidden layer: the groups the per-layer table and chart cover. */
    static boolean deep(RunGroup g) {
        return g.config().model().hidden().size() > 1;
    }

    /** The most hidden layers of any group with more than one (0 if none has). */
    private int deepestHidden() {
        return groups.stream().filter(Summary::deep).mapToInt(g -> g.config().model().hidden().size()).max().orElse(0);
    }

    /** The hidden layers' activations: one name when all are the same, else each layer's, first hidden layer first. */
    static String hiddenActivations(RunGroup g) {
        List<String> acts = g.config().model().hidden().stream().map(h -> h.activation().yamlName()).toList();
        return acts.stream().distinct().count() == 1 ? acts.get(0) : String.join(", ", acts);
    }

    /** The first recorded iterations of the group's runs, each distinct value once (normally just 0); empty if none. */
    private static List<String> initIterations(List<HiddenLayerSpeeds> speeds) {
        return speeds.stream().filter(s -> !Double.isNaN(s.initIteration()))
                .map(s -> String.format(Locale.ROOT, "%.0f", s.initIteration())).distinct().toList();
    }

    private Table layerSpeed() {
        int hidden = deepestHidden();
        List<String> header = new ArrayList<>(List.of("group", "seeds", "output", "engine", "hidden activation"));
        for (int l = 0; l < hidden; l++) header.add("mean ‖dC/db‖ hidden layer " + (l + 1) + " (grad_norm_" + l + "_b)");
        header.addAll(List.of("first / last hidden (means)", "first recorded iteration", "first / last hidden there"));
        List<List<String>> rows = new ArrayList<>();
        for (RunGroup g : groups) {
            if (!deep(g)) continue;
            List<HiddenLayerSpeeds> s = g.runs().stream().map(HiddenLayerSpeeds::of).toList();
            List<String> row = new ArrayList<>(List.of(g.label(), g.seeds(), g.output().yamlName(),
                    g.engine().name().toLowerCase(Locale.ROOT), hiddenActivations(g)));
            for (int l = 0; l < hidden; l++) {
                int li = l;
                row.add(l < g.config().model().hidden().size() ? sciStats(Stats.ofMeans(s.stream().map(x -> x.bias(li)).toList())) : "");
            }
            row.add(sciStats(Stats.ofMeans(s.stream().map(HiddenLayerSpeeds::ratio).toList())));
            List<String> its = initIterations(s);
            row.add(its.isEmpty() ? "–" : String.join(", ", its));
            row.add(sciStats(Stats.ofMeans(s.stream().map(HiddenLayerSpeeds::initRatio).toList())));
            rows.add(row);
        }
        return new Table("Speed of learning per hidden layer",
                "For networks with more than one hidden layer: Nielsen's speed of learning of hidden layer l (chapter 5), "
                        + "‖dC/db^l‖, the L2 norm of the minibatch-mean bias gradient (iterations.csv grad_norm_{l-1}_b: hidden "
                        + "layer 1 is column grad_norm_0_b); the output layer is left out. Each run's mean over its recorded "
                        + "iterations, then mean ± sd over the group's seeds. \"first / last hidden (means)\": the first hidden "
                        + "layer's mean divided by the last hidden layer's, per run, then over seeds; below 1 the early layers "
                        + "learn more slowly (the gradient vanishes towards the input), above 1 faster. \"first / last hidden "
                        + "there\": the same ratio of the two norms at the first iteration that recorded both (iteration 0: the "
                        + "initial parameters, the gradient is taken before the update). A NaN or infinite recorded value "
                        + "(a diverged iteration) makes a mean NaN, as in the gradient table. Chart per group: "
                        + Charts.LAYERS_PREFIX + "<group>.png.",
                header, rows);
    }

    private Table engineAgreement() {
        List<String> columns = agreementColumns();
        List<String> header = new ArrayList<>(List.of("pair (shared varied values)", "compared", "iterations compared"));
        for (String c : columns) header.add("max rel diff " + c);
        header.add("first > " + EngineAgreement.THRESHOLD_TEXT);
        List<List<String>> rows = new ArrayList<>();
        for (EngineAgreement.Result r : agreement) {
            List<String> row = new ArrayList<>(List.of(r.pair().label(), r.pair().between(),
                    String.format(Locale.ROOT, "%,d", r.iterations())));
            for (String c : columns) {
                EngineAgreement.Quantity q = r.quantity(c);
                if (q == null) {
                    row.add("–");
                } else if (q.compared() == 0) {
                    row.add("not recorded");
                } else {
                    row.add(relDiff(q.maxRelDiff()) + (q.maxRelDiff() > 0 ? String.format(Locale.ROOT, " at %,.0f", q.maxIteration()) : ""));
                }
            }
            row.add(Double.isNaN(r.firstAbove()) ? "never"
                    : String.format(Locale.ROOT, "%,.0f (%s)", r.firstAbove(), String.join(", ", r.firstAboveColumns())));
            rows.add(row);
        }
        return new Table("Agreement of paired cells",
                "Cells whose varied values differ only in engine start from the same parameters and see the same minibatches "
                        + "(dl4j vs handwritten); hand-written cells that differ only in handwritten.delta_rule are compared with the "
                        + "jacobian rule's cell (shortcut vs jacobian, dl4j vs jacobian). "
                        + "Their iterations.csv rows are matched on iteration; relative difference |a − b| / max(|a|, |b|), 0 when equal, "
                        + "∞ when one value is NaN (an empty loss cell is a NaN loss) and the other is not; an empty gradient cell "
                        + "(not recorded) leaves that column out for that iteration. \"max rel diff\": the largest over the run and "
                        + "the first iteration where it occurred; \"first > " + EngineAgreement.THRESHOLD_TEXT + "\": the first iteration "
                        + "where any column's relative difference exceeds " + EngineAgreement.THRESHOLD_TEXT + ", and which. "
                        + "In double precision paired cells agree to about 1e-12; in float they drift apart slowly. Per column: "
                        + AGREEMENT_CSV + ".",
                header, rows);
    }

    /** {@code loss}, then the gradient columns of every pair, in order of first appearance. */
    private List<String> agreementColumns() {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        for (EngineAgreement.Result r : agreement) r.quantities().forEach(q -> columns.add(q.column()));
        return new ArrayList<>(columns);
    }

    /** 3 significant digits: 1.23e-07; 0 and ∞ as such. */
    static String relDiff(double v) {
        if (Double.isNaN(v)) return "–";
        if (v == 0) return "0";
        if (Double.isInfinite(v)) return "∞";
        return String.format(Locale.ROOT, "%.2e", v);
    }

    private Table published() {
        List<List<String>> rows = new ArrayList<>();
        for (RunGroup g : groups) {
            List<RunStats> s = g.stats();
            String ours = PublishedResult.describe(g.config());
            List<PublishedResult> match = PublishedResult.matching(g.config());
            if (match.isEmpty()) {
                rows.add(List.of(g.label(), ours, PublishedResult.Split.TEST.text(), finalAcc(s, PublishedResult.Split.TEST),
                        bestAcc(s, PublishedResult.Split.TEST), "none with these hidden widths, output and L2", "", ""));
            }
            for (PublishedResult p : match) {
                boolean missing = p.split() == PublishedResult.Split.VALIDATION && !g.runs().get(0).hasValidation();
                rows.add(List.of(g.label(), ours, p.split().text(), missing ? "no validation split" : finalAcc(s, p.split()),
                        missing ? "–" : bestAcc(s, p.split()), p.source(), pct(p.accuracy()), p.settings()));
            }
        }
        return new Table("Beside published results",
                "Published accuracies (the verified figures of published-results.md) next to ours on the same split: a published "
                        + "test accuracy beside our test accuracy, a published validation accuracy (Nielsen's validation set: the "
                        + "last 10,000 training images) beside our validation accuracy (epochs.csv validation_accuracy), which only "
                        + "runs with data.validation > 0 have. A result is matched on the hidden layer widths (and so the depth), "
                        + "the output configuration (the loss) and, for Nielsen's, the L2 strength (our l2 x training images = his "
                        + "lmbda); other settings are not matched: compare the two settings columns. Results with data augmentation "
                        + "are never matched.",
                List.of("ours", "our settings", "split", "final acc", "best acc", "published", "published acc", "published settings"), rows);
    }

    private static String finalAcc(List<RunStats> s, PublishedResult.Split split) {
        return pctStats(Stats.of(s.stream().mapToDouble(x -> split == PublishedResult.Split.TEST ? x.finalAccuracy()
                : x.finalValidationAccuracy()).toArray()));
    }

    private static String bestAcc(List<RunStats> s, PublishedResult.Split split) {
        return pctStats(Stats.of(s.stream().mapToDouble(x -> split == PublishedResult.Split.TEST ? x.bestAccuracy()
                : x.bestValidationAccuracy()).toArray()));
    }

    public void writeMarkdown(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Table t : tables()) sb.append(t.markdown());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /**
     * One row per cell ({@code level=cell}) and, when a group has several seeds, one per group
     * ({@code level=group}); numbers unformatted, accuracies as fractions, blank = not reached or unknown,
     * {@code NaN} = a mean over values of which one was recorded as NaN or infinite. When a group has more
     * than one hidden layer, the per-layer speed columns follow the gradient columns (blank for rows of
     * networks with one hidden layer).
     */
    public void writeCsv(Path file) throws IOException {
        int layers = groups.stream().mapToInt(g -> g.config().model().hidden().size() + 1).max().orElse(1);
        int hidden = deepestHidden();
        List<String> header = new ArrayList<>(List.of("level", "group", "cell", "output", "engine", "seeds", "n", "status",
                "final_test_accuracy_mean", "final_test_accuracy_sd", "best_test_accuracy_mean", "best_test_accuracy_sd"));
        for (double th : RunStats.THRESHOLDS) {
            String p = String.valueOf(Math.round(th * 100));
            header.addAll(List.of("epochs_to_" + p + "_mean", "epochs_to_" + p + "_sd", "iterations_to_" + p + "_mean",
                    "iterations_to_" + p + "_sd", "reached_" + p));
        }
        header.addAll(List.of("wall_seconds_mean", "wall_seconds_sd", "final_validation_accuracy_mean", "final_validation_accuracy_sd",
                "best_validation_accuracy_mean", "best_validation_accuracy_sd", "mean_output_delta_norm"));
        for (int l = 0; l < layers; l++) header.add("mean_grad_norm_" + l + "_W");
        if (hidden > 0) {
            header.add("hidden_activations");
            for (int l = 0; l < hidden; l++) header.addAll(List.of("grad_norm_" + l + "_b_mean", "grad_norm_" + l + "_b_sd"));
            header.addAll(List.of("ratio_first_last_hidden_mean", "ratio_first_last_hidden_sd", "first_recorded_iteration",
                    "ratio_first_last_hidden_at_first_iteration_mean", "ratio_first_last_hidden_at_first_iteration_sd"));
        }
        header.addAll(List.of("published_source", "published_split", "published_accuracy"));
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (RunGroup g : groups) {
            for (RunData r : g.runs()) {
                sb.append(csvRow("cell", g, r.label(), String.valueOf(r.config().seed()), r.status(), List.of(r), layers, hidden));
            }
            if (g.runs().size() > 1) sb.append(csvRow("group", g, "", g.seeds(), "", g.runs(), layers, hidden));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /**
     * engine-agreement.csv: one row per pair of cells; numbers unformatted, an infinite
     * relative difference as {@code Infinity}; blank: never exceeded, nothing compared, or (iteration of
     * the max) the max is 0.
     */
    public void writeAgreementCsv(Path file) throws IOException {
        List<String> columns = agreementColumns();
        String over = "over_" + EngineAgreement.THRESHOLD_TEXT;
        List<String> header = new ArrayList<>(List.of("pair", "compared", "output", "seed", "first_cell", "second_cell", "iterations_compared",
                "first_iteration_" + over, "first_" + over + "_columns"));
        for (String c : columns) {
            header.addAll(List.of("max_rel_diff_" + c, "max_rel_diff_" + c + "_iteration", "first_iteration_" + over + "_" + c, "compared_" + c));
        }
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (EngineAgreement.Result r : agreement) {
            RunData first = r.pair().first();
            List<String> c = new ArrayList<>(List.of(csvText(r.pair().label()), csvText(r.pair().between()),
                    first.config().model().output().yamlName(),
                    String.valueOf(first.config().seed()), csvText(first.label()), csvText(r.pair().second().label()),
                    String.valueOf(r.iterations()), csvIteration(r.firstAbove()), String.join(" ", r.firstAboveColumns())));
            for (String col : columns) {
                EngineAgreement.Quantity q = r.quantity(col);
                if (q == null) {
                    c.addAll(List.of("", "", "", ""));
                } else {
                    c.addAll(List.of(Double.isNaN(q.maxRelDiff()) ? "" : Double.toString(q.maxRelDiff()),
                            q.maxRelDiff() > 0 ? csvIteration(q.maxIteration()) : "",
                            csvIteration(q.firstAbove()), String.valueOf(q.compared())));
                }
            }
            sb.append(String.join(",", c)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String csvIteration(double v) {
        return Double.isNaN(v) ? "" : String.valueOf((long) v);
    }

    private static String csvRow(String level, RunGroup g, String cell, String seeds, String status, List<RunData> runs, int layers,
                                 int hidden) {
        List<RunStats> s = runs.stream().map(RunStats::of).toList();
        List<String> c = new ArrayList<>(List.of(level, csvText(g.label()), csvText(cell), g.output().yamlName(),
                g.engine().name().toLowerCase(Locale.ROOT), seeds, String.valueOf(s.size()), status));
        addStats(c, Stats.of(s.stream().mapToDouble(RunStats::finalAccuracy).toArray()));
        addStats(c, Stats.of(s.stream().mapToDouble(RunStats::bestAccuracy).toArray()));
        for (int t = 0; t < RunStats.THRESHOLDS.length; t++) {
            int ti = t;
            Stats e = Stats.of(s.stream().mapToDouble(x -> x.epochsTo()[ti]).toArray());
            addStats(c, e);
            addStats(c, Stats.of(s.stream().mapToDouble(x -> x.iterationsTo()[ti]).toArray()));
            c.add(String.valueOf(e.n()));
        }
        addStats(c, Stats.of(s.stream().mapToDouble(RunStats::wallSeconds).toArray()));
        addStats(c, Stats.of(s.stream().mapToDouble(RunStats::finalValidationAccuracy).toArray()));
        addStats(c, Stats.of(s.stream().mapToDouble(RunStats::bestValidationAccuracy).toArray()));
        c.add(csvMean(Stats.ofMeans(s.stream().map(RunStats::outputDelta).toList())));
        for (int l = 0; l < layers; l++) {
            int li = l;
            c.add(csvMean(Stats.ofMeans(s.stream().map(x -> x.gradW(li)).toList())));
        }
        if (hidden > 0) {
            if (deep(g)) {
                List<HiddenLayerSpeeds> sp = runs.stream().map(HiddenLayerSpeeds::of).toList();
                c.add(csvText(hiddenActivations(g)));
                for (int l = 0; l < hidden; l++) {
                    int li = l;
                    addStats(c, Stats.ofMeans(sp.stream().map(x -> x.bias(li)).toList()));
                }
                addStats(c, Stats.ofMeans(sp.stream().map(HiddenLayerSpeeds::ratio).toList()));
                c.add(String.join(" ", initIterations(sp)));
                addStats(c, Stats.ofMeans(sp.stream().map(HiddenLayerSpeeds::initRatio).toList()));
            } else {
                for (int k = 0; k < 1 + 2 * hidden + 5; k++) c.add("");
            }
        }
        List<PublishedResult> p = PublishedResult.matching(g.config());
        c.add(p.isEmpty() ? "" : csvText(p.get(0).source()));
        c.add(p.isEmpty() ? "" : p.get(0).split().text());
        c.add(p.isEmpty() ? "" : csvNum(p.get(0).accuracy()));
        return String.join(",", c) + "\n";
    }

    private static void addStats(List<String> c, Stats s) {
        c.add(csvMean(s));
        c.add(s.hasNonFinite() ? "NaN" : csvNum(s.sd()));
    }

    /** Blank when there is no value; NaN when a value that went into it was not finite. */
    private static String csvMean(Stats s) {
        return s.hasNonFinite() ? "NaN" : csvNum(s.mean());
    }

    private static String csvNum(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** Labels contain commas (key=value,key=value): quote them, RFC 4180 style. */
    private static String csvText(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "–";
    }

    private static String pct0(double v) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    /** A statistic over a non-finite value: NaN, and how many of the values were not finite. */
    private static String notFinite(Stats s) {
        return s.total() == 1 ? "NaN" : "NaN (" + s.nonFinite() + "/" + s.total() + " runs not finite)";
    }

    static String pctStats(Stats s) {
        if (s.hasNonFinite()) return notFinite(s);
        if (s.n() == 0) return "–";
        if (s.n() == 1) return pct(s.mean());
        return String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * s.mean(), 100 * s.sd());
    }

    private static String num(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,." + decimals + "f", v) : "–";
    }

    private static String numStats(Stats s, int decimals) {
        if (s.hasNonFinite()) return notFinite(s);
        if (s.n() == 0) return "–";
        if (s.n() == 1) return num(s.mean(), decimals);
        return num(s.mean(), decimals) + " ± " + num(s.sd(), decimals);
    }

    private static String sciStats(Stats s) {
        if (s.hasNonFinite()) return notFinite(s);
        if (s.n() == 0) return "–";
        if (s.n() == 1) return String.format(Locale.ROOT, "%.3g", s.mean());
        return String.format(Locale.ROOT, "%.3g ± %.2g", s.mean(), s.sd());
    }
}
