package bplab.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pixels reach both engines as p / 255 in float, for every byte value, at the requested row. */
class DatasetTest {
    @Test
    void copyFeaturesScalesEveryByteValueToPOver255() {
        int n = 2;
        byte[] pixels = new byte[n * Dataset.FEATURES];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 7); // every value 0..255 appears
        Dataset data = new Dataset("t", pixels, new byte[] {3, 9}, n);
        float[] x = new float[3 * Dataset.FEATURES];
        data.copyFeatures(1, x, 2);
        for (int k = 0; k < Dataset.FEATURES; k++) {
            int p = pixels[Dataset.FEATURES + k] & 0xff;
            assertThat(x[2 * Dataset.FEATURES + k]).as("pixel %d (value %d)", k, p).isEqualTo(p / 255f);
        }
        for (int k = 0; k < 2 * Dataset.FEATURES; k++) assertThat(x[k]).isZero();
        assertThat(data.label(1)).isEqualTo(9);
    }
}
