package bplab.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Series arithmetic for the charts: exponential moving average, downsampling to a bounded
 * number of points, and aggregation of several runs (seeds) into mean, min and max.
 */
final class Series {
    /** At most this many points per plotted iteration series, so 60,000-iteration runs stay fast. */
    static final int MAX_POINTS = 2000;

    private Series() {}

    /** x and y of equal length. */
    record XY(double[] x, double[] y) {
        int size() {
            return x.length;
        }
    }

    /** Aggregate over runs at each x: the mean smoothed trace, its min and max over runs, and the mean raw value. */
    record Band(double[] x, double[] mean, double[] min, double[] max, double[] raw, int runs) {}

    /**
     * Smoothing factor for a series of n points: an EMA whose span (2/alpha - 1) is about 1/50
     * of the series, between 5 and 500 points.
     */
    static double alphaFor(int n) {
        double span = Math.max(5, Math.min(500, n / 50.0));
        return 2 / (span + 1);
    }

    /** s_0 = y_0, s_t = s_{t-1} + alpha (y_t - s_{t-1}). */
    static double[] ema(double[] y, double alpha) {
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) s[i] = i == 0 ? y[0] : s[i - 1] + alpha * (y[i] - s[i - 1]);
        return s;
    }

    /** The points whose y is finite (and > 0 if {@code positiveOnly}, for log axes). */
    static XY finite(double[] x, double[] y, boolean positiveOnly) {
        int n = 0;
        double[] fx = new double[x.length];
        double[] fy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i]) && Double.isFinite(x[i]) && (!positiveOnly || y[i] > 0)) {
                fx[n] = x[i];
                fy[n] = y[i];
                n++;
            }
        }
        return new XY(Arrays.copyOf(fx, n), Arrays.copyOf(fy, n));
    }

    /** Indices 0, k, 2k, ... and the last index, with k chosen so there are at most {@code max} of them. */
    static int[] grid(int n, int max) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int stride = (int) Math.ceil((double) n / (max - 1));
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i += stride) idx.add(i);
        if (idx.get(idx.size() - 1) != n - 1) idx.add(n - 1);
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Aggregates per-iteration series of several runs: each run's finite (positive if
     * {@code positiveOnly}) values are smoothed over the whole series first, then all runs are
     * read at the iterations of a grid of at most {@link #MAX_POINTS} points taken from the
     * longest run. Runs that have no value at a grid iteration (shorter runs, skipped
     * iterations) are left out there.
     */
    static Band aggregate(List<XY> runs, boolean positiveOnly) {
        List<XY> raw = new ArrayList<>();
        List<double[]> smooth = new ArrayList<>();
        for (XY r : runs) {
            XY f = finite(r.x(), r.y(), positiveOnly);
            if (f.size() == 0) continue;
            raw.add(f);
            smooth.add(ema(f.y(), alphaFor(f.size())));
        }
        if (raw.isEmpty()) return new Band(new double[0], new double[0], new double[0], new double[0], new double[0], 0);
        XY longest = raw.get(0);
        for (XY r : raw) if (r.x()[r.size() - 1] > longest.x()[longest.size() - 1]) longest = r;
        int[] g = grid(longest.size(), MAX_POINTS);
        List<Double> xs = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int gi : g) {
            double x = longest.x()[gi];
            double sum = 0;
            double rawSum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (int r = 0; r < raw.size(); r++) {
                int i = Arrays.binarySearch(raw.get(r).x(), x);
                if (i < 0) continue;
                double s = smooth.get(r)[i];
                sum += s;
                rawSum += raw.get(r).y()[i];
                min = Math.min(min, s);
                max = Math.max(max, s);
                n++;
            }
            if (n == 0) continue;
            xs.add(x);
            rows.add(new double[] {sum / n, min, max, rawSum / n});
        }
        int m = xs.size();
        double[] x = new double[m];
        double[] mean = new double[m];
        double[] mn = new double[m];
        double[] mx = new double[m];
        double[] rw = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = xs.get(i);
            mean[i] = rows.get(i)[0];
            mn[i] = rows.get(i)[1];
            mx[i] = rows.get(i)[2];
            rw[i] = rows.get(i)[3];
        }
        return new Band(x, mean, mn, mx, rw, raw.size());
    }

    /** Per-epoch values of several runs, by position: mean, min and max over the runs that have the epoch. */
    static Band perEpoch(List<XY> runs, boolean positiveOnly) {
        int len = runs.stream().mapToInt(XY::size).max().orElse(0);
        List<double[]> rows = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            double x = Double.NaN;
            for (XY r : runs) {
                if (i >= r.size()) continue;
                double v = r.y()[i];
                if (!Double.isFinite(v) || (positiveOnly && v <= 0)) continue;
                x = r.x()[i];
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
            }
            if (n == 0) continue;
            xs.add(x);
            rows.add(new double[] {sum / n, min, max});
        }
        int m = xs.size();
        double[] x = new double[m];
        double[] mean = new double[m];
        double[] mn = new double[m];
        double[] mx = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = xs.get(i);
            mean[i] = rows.get(i)[0];
            mn[i] = rows.get(i)[1];
            mx[i] = rows.get(i)[2];
        }
        return new Band(x, mean, mn, mx, mean.clone(), runs.size());
    }
}
