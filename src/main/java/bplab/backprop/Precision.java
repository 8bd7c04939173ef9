package bplab.backprop;

/**
 * The precision a {@link Network} computes in. DOUBLE: everything in double. FLOAT: parameters and
 * activations are stored as float and the matrix products are computed in float, as DL4J does for
 * float networks; the output layer's activation, loss and delta, the bias-gradient sums and the
 * updater are evaluated in double from float values, and what is stored (parameters, updater
 * state, activations, deltas) is rounded to float.
 */
public enum Precision {
    DOUBLE,
    FLOAT;

    void round(double[] v, int from, int to) {
        if (this == FLOAT) {
            for (int i = from; i < to; i++) {
                v[i] = (float) v[i];
            }
        }
    }

    void round(double[] v) {
        round(v, 0, v.length);
    }
}
