package bplab.data;

/**
 * One minibatch in a reusable buffer: features row-major [size][784] in [0,1], labels as
 * class indices. Both engines read the same buffer, so they see identical batches.
 */
public final class Minibatch {
    private final float[] features;
    private final int[] labels;
    private int size;

    public Minibatch(int capacity) {
        features = new float[capacity * Dataset.FEATURES];
        labels = new int[capacity];
    }

    /** Fills the buffer with examples order[start .. start+count). */
    public Minibatch fill(Dataset data, int[] order, int start, int count) {
        if (count > labels.length) throw new IllegalArgumentException("batch of " + count + " exceeds capacity " + labels.length);
        for (int r = 0; r < count; r++) {
            int idx = order == null ? start + r : order[start + r];
            data.copyFeatures(idx, features, r);
            labels[r] = data.label(idx);
        }
        size = count;
        return this;
    }

    public float[] features() {
        return features;
    }

    public int[] labels() {
        return labels;
    }

    public int size() {
        return size;
    }
}
