package bplab.config;

/** Validation helpers used by the config records' constructors. */
final class Check {
    private Check() {}

    static int positive(String field, Integer value, int dflt) {
        int v = value == null ? dflt : value;
        if (v <= 0) throw new ConfigException(field, String.valueOf(v), "a positive integer");
        return v;
    }

    static int nonNegative(String field, Integer value, int dflt) {
        int v = value == null ? dflt : value;
        if (v < 0) throw new ConfigException(field, String.valueOf(v), "an integer >= 0");
        return v;
    }

    static double positiveFinite(String field, Double value, double dflt) {
        double v = value == null ? dflt : value;
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException(field, String.valueOf(v), "a finite number > 0");
        }
        return v;
    }

    static double nonNegativeFinite(String field, Double value, double dflt) {
        double v = value == null ? dflt : value;
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ConfigException(field, String.valueOf(v), "a finite number >= 0");
        }
        return v;
    }

    static double openUnit(String field, Double value, double dflt) {
        double v = value == null ? dflt : value;
        if (!(v > 0 && v < 1)) throw new ConfigException(field, String.valueOf(v), "a number strictly between 0 and 1");
        return v;
    }

    static <T> T orDefault(T value, T dflt) {
        return value == null ? dflt : value;
    }
}
