package bplab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A filled minibatch holds the examples order[start ..] (or start .. without an order): labels at
 * once, pixels when first asked for, all at once or row by row, and the same either way.
 */
class MinibatchTest {
    private static Dataset data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[n * Dataset.FEATURES];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) rng.nextInt(256);
        for (int i = 0; i < n; i++) labels[i] = (byte) rng.nextInt(10);
        return new Dataset("t", pixels, labels, n);
    }

    private static float[] row(Dataset d, int index) {
        float[] x = new float[Dataset.FEATURES];
        d.copyFeatures(index, x, 0);
        return x;
    }

    @Test
    void rowsCopiedOneByOneEqualTheFeaturesAndTheOrderedExamples() {
        Dataset d = data(20, 1);
        int[] order = {7, 3, 19, 0, 11, 4, 8};
        Minibatch mb = new Minibatch(5);
        for (int start : new int[] {0, 2}) {
            mb.fill(d, order, start, 5);
            float[] byRow = new float[6 * Dataset.FEATURES];
            for (int r = 0; r < 5; r++) {
                mb.copyRow(r, byRow, r + 1); // before the features are copied
                assertThat(Arrays.copyOfRange(byRow, (r + 1) * Dataset.FEATURES, (r + 2) * Dataset.FEATURES))
                        .as("row %d from %d", r, start).isEqualTo(row(d, order[start + r]));
                assertThat(mb.labels()[r]).isEqualTo(d.label(order[start + r]));
            }
            float[] features = mb.features();
            for (int r = 0; r < 5; r++) {
                assertThat(Arrays.copyOfRange(features, r * Dataset.FEATURES, (r + 1) * Dataset.FEATURES))
                        .as("features row %d from %d", r, start).isEqualTo(row(d, order[start + r]));
                float[] again = new float[Dataset.FEATURES];
                mb.copyRow(r, again, 0); // after
                assertThat(again).isEqualTo(row(d, order[start + r]));
            }
        }
    }

    @Test
    void aRefillReplacesThePixelsAlreadyCopiedAndRowsOutsideTheBatchAreRefused() {
        Dataset d = data(10, 2);
        Minibatch mb = new Minibatch(4);
        mb.fill(d, null, 0, 4).features();
        mb.fill(d, null, 5, 3);
        assertThat(mb.size()).isEqualTo(3);
        assertThat(Arrays.copyOfRange(mb.features(), 2 * Dataset.FEATURES, 3 * Dataset.FEATURES)).isEqualTo(row(d, 7));
        assertThat(mb.labels()[0]).isEqualTo(d.label(5));
        assertThatThrownBy(() -> mb.copyRow(3, new float[4 * Dataset.FEATURES], 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row 3 of a batch of 3");
    }
}
