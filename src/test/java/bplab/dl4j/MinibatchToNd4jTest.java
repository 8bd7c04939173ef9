package bplab.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.RunConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Minibatches reach DL4J as new arrays: each holds exactly the rows it was given
 * (from an offset into the feature array, in row-major order) and the one-hot labels, in the
 * network's data type.
 */
class MinibatchToNd4jTest {
    private static float[] features(int rows, int inputs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(3) == 0 ? 0f : (float) rng.nextDouble();
        return x;
    }

    @Test
    void floatAndDoubleMinibatchesHoldTheGivenRowsAndOneHotLabels() {
        for (String dtype : new String[] {"float", "double"}) {
            RunConfig cfg = Dl4jTestSupport.config("model.dtype=" + dtype, "model.hidden=[{units: 8}]");
            try (Dl4jEngine engine = new Dl4jEngine(cfg)) {
                int inputs = 784;
                int rows = 13;
                float[] x = features(rows, inputs, 3);
                int[] labels = new int[rows];
                for (int i = 0; i < rows; i++) labels[i] = (i * 7) % 10;
                int from = 4;
                int n = 6;
                DataSet ds = engine.toDataSet(x, labels, from, n);
                DataType expected = dtype.equals("float") ? DataType.FLOAT : DataType.DOUBLE;
                assertThat(ds.getFeatures().dataType()).isEqualTo(expected);
                assertThat(ds.getFeatures().shape()).containsExactly(n, inputs);
                assertThat(ds.getLabels().shape()).containsExactly(n, 10);
                for (int r = 0; r < n; r++) {
                    for (int k = 0; k < inputs; k++) {
                        assertThat(ds.getFeatures().getFloat(r, k)).as("%s x[%d][%d]", dtype, r, k)
                                .isEqualTo(x[(from + r) * inputs + k]);
                    }
                    for (int c = 0; c < 10; c++) {
                        assertThat(ds.getLabels().getFloat(r, c)).isEqualTo(c == labels[from + r] ? 1f : 0f);
                    }
                }
            }
        }
    }
}
