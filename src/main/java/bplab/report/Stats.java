package bplab.report;

import java.util.BitSet;
import java.util.List;

/**
 * Mean, sample standard deviation (n - 1 in the denominator), min and max of the values given.
 *
 * <p>Two kinds of value are not used, and they are told apart:
 * <ul>
 *   <li>no value ("not reached", "not recorded", "unknown"): left out and only counted in
 *       {@code total}; the statistics are those of the other values;</li>
 *   <li>a recorded value that is not finite (NaN or an infinity, e.g. the gradient norm of a
 *       diverged iteration): counted in {@code nonFinite}, and then mean, sd, min and max are all
 *       NaN. A statistic over values of which one is not a number is not a number; the value
 *       is never dropped to make the mean look finite.</li>
 * </ul>
 *
 * @param n         finite values used
 * @param total     values given: finite, non-finite and missing
 * @param nonFinite recorded values that are NaN or infinite
 */
public record Stats(int n, int total, int nonFinite, double mean, double sd, double min, double max) {

    /** For values that are NaN when there is no value (not reached, unknown); an infinity is a non-finite value. */
    public static Stats of(double... values) {
        BitSet missing = new BitSet(values.length);
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) missing.set(i);
        }
        return ofRecorded(values, missing);
    }

    /**
     * For recorded values: {@code values[i]} with bit i of {@code missing} set is no value;
     * every other value that is NaN or infinite is a non-finite value.
     */
    public static Stats ofRecorded(double[] values, BitSet missing) {
        int n = 0;
        int nonFinite = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            if (missing.get(i)) continue;
            double v = values[i];
            if (!Double.isFinite(v)) {
                nonFinite++;
                continue;
            }
            n++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n == 0 || nonFinite > 0) return new Stats(n, values.length, nonFinite, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < values.length; i++) {
            if (!missing.get(i)) squares += (values[i] - mean) * (values[i] - mean);
        }
        double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
        return new Stats(n, values.length, nonFinite, mean, sd, min, max);
    }

    /**
     * Over runs, of each run's mean: a run without any recorded value contributes no value, a
     * run with a non-finite recorded value contributes a non-finite value.
     */
    public static Stats ofMeans(List<Stats> runs) {
        double[] means = new double[runs.size()];
        BitSet missing = new BitSet(means.length);
        for (int i = 0; i < means.length; i++) {
            Stats r = runs.get(i);
            means[i] = r.mean();
            if (r.nonFinite() == 0 && r.n() == 0) missing.set(i);
        }
        return ofRecorded(means, missing);
    }

    /** Whether any recorded value was NaN or infinite (then the statistics are NaN). */
    public boolean hasNonFinite() {
        return nonFinite > 0;
    }
}
