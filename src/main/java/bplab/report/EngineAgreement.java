package bplab.report;

import bplab.config.EngineKind;
import bplab.data.DataException;
import bplab.train.MetricsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How closely paired cells of an experiment agree. Both engines start from the same parameters
 * for the same seed and see the same minibatches, so a DL4J cell and a hand-written cell whose
 * other varied values are all equal (seed included) form a pair whose iterations.csv curves
 * should agree up to rounding. Likewise, when an experiment varies {@code handwritten.delta_rule},
 * each hand-written cell with the {@code shortcut} or {@code dl4j} rule pairs with the cell that
 * differs only in using the {@code jacobian} rule (the general J^T g). Each pair's two files are matched on
 * {@code iteration} and compared column by column: {@code loss} and every
 * {@code grad_norm_{l}_W} / {@code grad_norm_{l}_b} both files have, found by name.
 *
 * <p>Relative difference of a and b: {@code |a - b| / max(|a|, |b|)}; 0 when they are equal
 * (both 0, both NaN, the same infinity), infinite when one is NaN or infinite and the other is
 * not. An empty gradient cell (not recorded on that iteration) in either file leaves that
 * column out for that iteration; an empty loss cell is a NaN loss (the metrics writer writes NaN
 * as an empty cell, and the loss is written on every iteration).
 */
public final class EngineAgreement {
    /** A relative difference above this counts as the engines parting. */
    public static final double THRESHOLD = 1e-6;
    /** {@link #THRESHOLD} as tables and CSV headers spell it. */
    public static final String THRESHOLD_TEXT = "1e-6";
    static final String ENGINE_KEY = "engine";
    static final String RULE_KEY = "handwritten.delta_rule";
    /** The rule the others are compared with: the general J^T g. */
    static final String REFERENCE_RULE = "jacobian";
    static final String LOSS = "loss";
    private static final String ITERATION = "iteration";
    private static final Pattern GRADIENT = Pattern.compile("grad_norm_\\d+_[Wb]");

    private EngineAgreement() {}

    /**
     * Two cells whose varied values are equal except one key: {@code engine} (first DL4J, second
     * hand-written) or {@code handwritten.delta_rule} (first shortcut or dl4j, second jacobian).
     *
     * @param label   the shared varied values, e.g. {@code model.output=mse_sigmoid,seed=1}
     * @param between what differs, e.g. {@code dl4j vs handwritten}, {@code shortcut vs jacobian}
     */
    public record Pair(String label, String between, RunData first, RunData second) {}

    /**
     * One compared column of a pair.
     *
     * @param column       the iterations.csv column: {@code loss}, {@code grad_norm_0_W}, ...
     * @param compared     iterations on which both files have a value (gradient columns: neither cell empty)
     * @param maxRelDiff   the largest relative difference (NaN if nothing was compared)
     * @param maxIteration the first iteration where it occurred (NaN if nothing was compared)
     * @param firstAbove   the first iteration whose relative difference exceeds {@link #THRESHOLD} (NaN: never)
     */
    public record Quantity(String column, int compared, double maxRelDiff, double maxIteration, double firstAbove) {}

    /**
     * A compared pair.
     *
     * @param quantities  {@code loss} first, then the gradient columns in the DL4J file's order
     * @param iteration   the iterations both files have, ascending
     * @param lossRelDiff the loss's relative difference at each of them
     */
    public record Result(Pair pair, List<Quantity> quantities, double[] iteration, double[] lossRelDiff) {
        public Result {
            quantities = List.copyOf(quantities);
        }

        /** How many iterations both files have. */
        public int iterations() {
            return iteration.length;
        }

        /** The first iteration at which any quantity exceeds {@link #THRESHOLD}; NaN: never. */
        public double firstAbove() {
            double first = Double.NaN;
            for (Quantity q : quantities) {
                if (!Double.isNaN(q.firstAbove()) && !(q.firstAbove() >= first)) first = q.firstAbove();
            }
            return first;
        }

        /** The columns that exceed {@link #THRESHOLD} first, at {@link #firstAbove()}; empty: never. */
        public List<String> firstAboveColumns() {
            double first = firstAbove();
            return quantities.stream().filter(q -> q.firstAbove() == first).map(Quantity::column).toList();
        }

        /** The quantity of this column, or null if the pair's files do not both have it. */
        public Quantity quantity(String column) {
            return quantities.stream().filter(q -> q.column().equals(column)).findFirst().orElse(null);
        }
    }

    /** Every pair of the groups' runs, compared; empty when no run has a partner. */
    public static List<Result> of(List<RunGroup> groups) {
        return pairs(groups).stream().map(EngineAgreement::compare).toList();
    }

    /**
     * The runs that have a partner, engine pairs first, then delta-rule pairs. Engine pairs: same
     * varied values except {@code engine}, one DL4J, one hand-written. Delta-rule pairs: hand-written
     * runs with the same varied values except {@code handwritten.delta_rule}, each rule other than
     * jacobian against the jacobian run. Runs whose varied values include neither key (a lone run,
     * an experiment with one engine) have none. In the order of the groups' runs.
     */
    static List<Pair> pairs(List<RunGroup> groups) {
        Map<Map<String, String>, RunData[]> byEngine = new LinkedHashMap<>();
        Map<Map<String, String>, Map<String, RunData>> byRule = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            for (RunData r : g.runs()) {
                if (r.values().containsKey(ENGINE_KEY)) {
                    byEngine.computeIfAbsent(without(r.values(), ENGINE_KEY), k -> new RunData[2])
                            [r.config().engine() == EngineKind.DL4J ? 0 : 1] = r;
                }
                if (r.values().containsKey(RULE_KEY) && r.config().engine() == EngineKind.HANDWRITTEN) {
                    byRule.computeIfAbsent(without(r.values(), RULE_KEY), k -> new LinkedHashMap<>())
                            .put(r.values().get(RULE_KEY), r);
                }
            }
        }
        List<Pair> pairs = new ArrayList<>();
        byEngine.forEach((shared, runs) -> {
            if (runs[0] != null && runs[1] != null) pairs.add(new Pair(label(shared), "dl4j vs handwritten", runs[0], runs[1]));
        });
        byRule.forEach((shared, runs) -> {
            RunData reference = runs.get(REFERENCE_RULE);
            if (reference == null) return;
            runs.forEach((rule, r) -> {
                if (!rule.equals(REFERENCE_RULE)) pairs.add(new Pair(label(shared), rule + " vs " + REFERENCE_RULE, r, reference));
            });
        });
        return pairs;
    }

    private static Map<String, String> without(Map<String, String> values, String key) {
        Map<String, String> shared = new LinkedHashMap<>(values);
        shared.remove(key);
        return shared;
    }

    private static String label(Map<String, String> shared) {
        List<String> parts = new ArrayList<>();
        shared.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "(nothing else varied)" : String.join(",", parts);
    }

    /** Reads both runs' iterations.csv and compares them on the iterations both have. */
    static Result compare(Pair pair) {
        Path fileA = pair.first().dir().resolve(MetricsFiles.ITERATIONS);
        Path fileB = pair.second().dir().resolve(MetricsFiles.ITERATIONS);
        CsvTable a = read(fileA);
        CsvTable b = read(fileB);
        List<String> columns = new ArrayList<>(List.of(LOSS));
        for (String c : a.header()) {
            if (GRADIENT.matcher(c).matches() && b.has(c)) columns.add(c);
        }
        int[][] rows = matchIterations(fileA, a.column(ITERATION), fileB, b.column(ITERATION));
        int[] rowA = rows[0];
        int[] rowB = rows[1];
        double[] iteration = new double[rowA.length];
        for (int i = 0; i < rowA.length; i++) iteration[i] = a.column(ITERATION)[rowA[i]];
        double[] lossRelDiff = new double[rowA.length];
        List<Quantity> quantities = new ArrayList<>();
        for (String c : columns) {
            boolean skipEmpty = !c.equals(LOSS);
            double[] va = a.column(c);
            double[] vb = b.column(c);
            int compared = 0;
            double max = Double.NaN;
            double maxIteration = Double.NaN;
            double firstAbove = Double.NaN;
            for (int i = 0; i < rowA.length; i++) {
                if (skipEmpty && (a.isEmpty(c, rowA[i]) || b.isEmpty(c, rowB[i]))) continue;
                double d = relativeDifference(va[rowA[i]], vb[rowB[i]]);
                if (c.equals(LOSS)) lossRelDiff[i] = d;
                compared++;
                if (!(d <= max)) {
                    max = d;
                    maxIteration = iteration[i];
                }
                if (d > THRESHOLD && Double.isNaN(firstAbove)) firstAbove = iteration[i];
            }
            quantities.add(new Quantity(c, compared, max, maxIteration, firstAbove));
        }
        return new Result(pair, quantities, iteration, lossRelDiff);
    }

    private static CsvTable read(Path file) {
        CsvTable t = CsvTable.read(file, c -> c.equals(ITERATION) || c.equals(LOSS) || GRADIENT.matcher(c).matches());
        for (String required : List.of(ITERATION, LOSS)) {
            if (!t.has(required)) {
                throw new DataException(file + ": no '" + required + "' column in the header (found "
                        + String.join(",", t.header()) + "); expected the columns a run writes to " + MetricsFiles.ITERATIONS);
            }
        }
        return t;
    }

    /** Row indices {@code [rowsOfA, rowsOfB]} of the iterations both have, ascending; a merge of two increasing columns. */
    private static int[][] matchIterations(Path fileA, double[] a, Path fileB, double[] b) {
        checkIncreasing(fileA, a);
        checkIncreasing(fileB, b);
        int[] ra = new int[Math.min(a.length, b.length)];
        int[] rb = new int[ra.length];
        int n = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                ra[n] = i++;
                rb[n] = j++;
                n++;
            }
        }
        return new int[][] {Arrays.copyOf(ra, n), Arrays.copyOf(rb, n)};
    }

    private static void checkIncreasing(Path file, double[] iteration) {
        for (int i = 0; i < iteration.length; i++) {
            if (Double.isNaN(iteration[i]) || (i > 0 && !(iteration[i] > iteration[i - 1]))) {
                throw new DataException(file + ": data row " + (i + 1) + " has iteration "
                        + (Double.isNaN(iteration[i]) ? "(empty)" : String.format(Locale.ROOT, "%.0f", iteration[i]))
                        + (i > 0 ? String.format(Locale.ROOT, " after %.0f", iteration[i - 1]) : "")
                        + "; expected increasing iteration numbers, one row per iteration");
            }
        }
    }

    /**
     * {@code |a - b| / max(|a|, |b|)}: 0 when a and b are equal (both 0, both NaN, the same
     * infinity), infinite when one is NaN or infinite and the other is not (or the infinities differ).
     */
    public static double relativeDifference(double a, double b) {
        if (a == b || (Double.isNaN(a) && Double.isNaN(b))) return 0;
        if (!Double.isFinite(a) || !Double.isFinite(b)) return Double.POSITIVE_INFINITY;
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }
}
