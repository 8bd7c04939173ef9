package bplab.data;

/**
 * One minibatch in a reusable buffer: features row-major [size][784] in [0,1], labels as
 * class indices. Both engines read the same buffer, so they see identical batches.
 *
 * <p>{@link #fill} records which examples the batch holds and copies their labels; the pixels are
 * copied when first asked for, either all at once ({@link #features}) or row by row
 * ({@link #copyRow}, which a multi-threaded consumer calls from its threads so that the copying is
 * shared out too).
 */
public final class Minibatch {
    private final float[] features;
    private final int[] labels;
    private int size;
    private Dataset data;
    private int[] order;
    private int start;
    /** Whether features holds the current batch's pixels. */
    private boolean copied;

    public Minibatch(int capacity) {
        features = new float[capacity * Dataset.FEATURES];
        labels = new int[capacity];
    }

    /** Fills the buffer with examples order[start .. start+count). */
    public Minibatch fill(Dataset data, int[] order, int start, int count) {
        if (count > labels.length) throw new IllegalArgumentException("batch of " + count + " exceeds capacity " + labels.length);
        for (int r = 0; r < count; r++) {
            labels[r] = data.label(index(order, start, r));
        }
        this.data = data;
        this.order = order;
        this.start = start;
        size = count;
        copied = false;
        return this;
    }

    private static int index(int[] order, int start, int r) {
        return order == null ? start + r : order[start + r];
    }

    /** The pixels of the batch, row-major [size][784] (the buffer itself, of the full capacity). */
    public float[] features() {
        if (!copied) {
            for (int r = 0; r < size; r++) {
                data.copyFeatures(index(order, start, r), features, r);
            }
            copied = true;
        }
        return features;
    }

    /**
     * Writes example r of the batch (784 values) into x from index row * 784, the same values
     * {@link #features} holds in its row r. Safe from several threads at once between two fills.
     */
    public void copyRow(int r, float[] x, int row) {
        if (r < 0 || r >= size) {
            throw new IndexOutOfBoundsException("row " + r + " of a batch of " + size);
        }
        if (copied) {
            System.arraycopy(features, r * Dataset.FEATURES, x, row * Dataset.FEATURES, Dataset.FEATURES);
        } else {
            data.copyFeatures(index(order, start, r), x, row);
        }
    }

    public int[] labels() {
        return labels;
    }

    public int size() {
        return size;
    }
}
