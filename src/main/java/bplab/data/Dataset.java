package bplab.data;

/**
 * Images and labels held as unsigned bytes (MNIST is 47 MB this way, 188 MB as floats).
 * Both engines convert pixels the same way, p / 255, when they build a minibatch.
 */
public record Dataset(String name, byte[] pixels, byte[] labels, int size) {
    public static final int FEATURES = IdxReader.ROWS * IdxReader.COLS;
    public static final int CLASSES = IdxReader.CLASSES;

    public Dataset {
        if (pixels.length < (long) size * FEATURES || labels.length < size) {
            throw new IllegalArgumentException("dataset " + name + ": " + size + " examples need "
                    + (long) size * FEATURES + " pixels and " + size + " labels, found " + pixels.length + " and " + labels.length);
        }
    }

    /** Examples [from, to) as a new dataset (copies, so the parent can be collected). */
    public Dataset slice(String sliceName, int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside 0.." + size);
        }
        byte[] p = java.util.Arrays.copyOfRange(pixels, from * FEATURES, to * FEATURES);
        byte[] l = java.util.Arrays.copyOfRange(labels, from, to);
        return new Dataset(sliceName, p, l, to - from);
    }

    public int label(int i) {
        return labels[i];
    }

    /** p / 255 in float for every byte value p (a lookup is cheaper than a division per pixel). */
    private static final float[] SCALED = new float[256];

    static {
        for (int p = 0; p < 256; p++) SCALED[p] = p / 255f;
    }

    /** Copies example {@code index} scaled to [0,1] (p / 255 in float) into {@code x} at row {@code row}. */
    public void copyFeatures(int index, float[] x, int row) {
        int src = index * FEATURES;
        int dst = row * FEATURES;
        for (int k = 0; k < FEATURES; k++) x[dst + k] = SCALED[pixels[src + k] & 0xff];
    }
}
