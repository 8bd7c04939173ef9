package bplab.backprop;

import java.util.Arrays;

/**
 * Some rows of a layer's input, stored by column (compressed sparse column form): for input unit k,
 * entries {@code start[k] .. start[k+1]-1} hold the rows r (increasing) and the values a_{r,k}; zero
 * values are left out when gathered sparse. Filled by {@link Kernels#gather}; the value array of the
 * precision that gathered it is the current one. Arrays grow as needed and are reused.
 */
final class Columns {
    final int[] start;
    final int[] fill;
    int[] row = new int[0];
    double[] value = new double[0];
    float[] valueF = new float[0];
    private int[] scratch = new int[0];
    private int[] rowEnds = new int[0];

    Columns(int nIn) {
        this.start = new int[nIn + 1];
        this.fill = new int[nIn];
    }

    int nIn() {
        return fill.length;
    }

    /** Makes room for n entries of the given precision (contents are not kept). */
    void reserve(int n, boolean f32) {
        if (row.length < n) {
            row = new int[n];
        }
        if (f32 && valueF.length < n) {
            valueF = new float[n];
        } else if (!f32 && value.length < n) {
            value = new double[n];
        }
    }

    /** An int scratch array of length &gt;= n (contents are not kept). */
    int[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new int[n];
        }
        return scratch;
    }

    /** A second int scratch array of length &gt;= n, for per-row ends (contents are not kept). */
    int[] rowEnds(int n) {
        if (rowEnds.length < n) {
            rowEnds = new int[n];
        }
        return rowEnds;
    }

    /** Turns the per-column counts in start[k + 1] into offsets; fill[k] = start[k]. */
    void countsToOffsets() {
        int nIn = nIn();
        for (int k = 0; k < nIn; k++) {
            start[k + 1] += start[k];
            fill[k] = start[k];
        }
    }

    void clearCounts() {
        Arrays.fill(start, 0);
    }
}
