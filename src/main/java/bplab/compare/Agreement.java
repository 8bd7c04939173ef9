package bplab.compare;

/** Distances between two engines' arrays. */
public final class Agreement {
    private Agreement() {}

    public static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    /** ||a - b|| / max(||a||, ||b||); 0 when both are zero. */
    public static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - b[i];
            d += x * x;
        }
        double scale = Math.max(norm(a), norm(b));
        return scale == 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(d) / scale;
    }

    public static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** |a - b| / max(|a|, |b|) for scalars such as losses. */
    public static double relativeError(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }
}
