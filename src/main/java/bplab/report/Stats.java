package bplab.report;

/**
 * Mean, sample standard deviation (n - 1 in the denominator), min and max of the finite
 * values given; NaN values ("not reached", "not measured") are left out and counted apart.
 *
 * @param n     finite values used
 * @param total values given, including NaN
 */
public record Stats(int n, int total, double mean, double sd, double min, double max) {

    public static Stats of(double... values) {
        int n = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            n++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n == 0) return new Stats(0, values.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (Double.isFinite(v)) squares += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
        return new Stats(n, values.length, mean, sd, min, max);
    }

    /** Mean of the finite values of {@code values}; NaN if there are none. */
    public static double mean(double[] values) {
        return of(values).mean();
    }
}
