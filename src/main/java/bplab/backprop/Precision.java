package bplab.backprop;

/**
 * Storage precision of parameters and updater state. All arithmetic is in double either way.
 * FLOAT rounds parameters (and updater state) to the nearest float after initialisation, after
 * setParameters and after each update: it emulates float storage, not float arithmetic.
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
