package bplab.backprop;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one updater for one parameter array (e.g. layer 0's W): named state arrays of the
 * parameter's length (Nesterovs: "v"; Adam: "m", "v"; Sgd: none) and the iteration counter
 * (DL4J's iteration count: 0 before the first update, +1 per update; Adam uses t = iteration + 1).
 * Getters return the live arrays; setters copy.
 */
public final class UpdaterState {
    private final int length;
    private final Map<String, double[]> arrays = new LinkedHashMap<>();
    private int iteration;

    UpdaterState(int length, String... names) {
        this.length = length;
        for (String name : names) {
            arrays.put(name, new double[length]);
        }
    }

    /** Length of the parameter array this state belongs to. */
    public int length() {
        return length;
    }

    /** Names of the state arrays, in a fixed order. */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    /** The live state array with this name. */
    public double[] get(String name) {
        double[] v = arrays.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no state array named '" + name + "'; this state has " + names());
        }
        return v;
    }

    /** Copies values into the state array with this name. */
    public void set(String name, double[] values) {
        double[] v = get(name);
        if (values == null || values.length != v.length) {
            throw new IllegalArgumentException("state array '" + name + "' has length " + v.length
                    + " but found " + (values == null ? "null" : "length " + values.length));
        }
        System.arraycopy(values, 0, v, 0, v.length);
    }

    public int iteration() {
        return iteration;
    }

    public void setIteration(int iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, found " + iteration);
        }
        this.iteration = iteration;
    }

    void round(Precision precision, int from, int to) {
        for (double[] v : arrays.values()) {
            precision.round(v, from, to);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("UpdaterState[length=" + length + ", iteration=" + iteration);
        arrays.forEach((k, v) -> sb.append(", ").append(k).append("=").append(
                v.length <= 4 ? Arrays.toString(v) : "double[" + v.length + "]"));
        return sb.append(']').toString();
    }
}
