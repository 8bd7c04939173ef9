package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float kernels that take several rows of W or of the batch per pass keep the summation order of
 * one term per pass: each is compared bit for bit with plain float loops written here in that order,
 * on sparse inputs whose counts are not multiples of four.
 */
class FloatKernelsTest {
    private static float[][] matrix(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        return m;
    }

    /** Plain z_r = b + sum over k in order of x_{r,k} W_k, one term per float operation, zeros skipped. */
    private static float[][] plainAffine(float[] x, int rows, int nIn, float[][] w, float[] b) {
        int nOut = b.length;
        float[][] z = new float[rows][nOut];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nOut; j++) {
                float s = b[j];
                for (int k = 0; k < nIn; k++) {
                    float v = x[r * nIn + k];
                    if (v != 0f) {
                        s = s + v * w[k][j];
                    }
                }
                z[r][j] = s;
            }
        }
        return z;
    }

    /** Plain g_{k,j} = (sum over r in order of x_{r,k} d_{r,j}) / batch in float, zeros skipped. */
    private static double[] plainTransposeTimes(float[] x, int rows, int nIn, float[][] d) {
        int nOut = d[0].length;
        double[] g = new double[nIn * nOut];
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < nOut; j++) {
                float s = 0f;
                for (int r = 0; r < rows; r++) {
                    float v = x[r * nIn + k];
                    if (v != 0f) {
                        s = s + v * d[r][j];
                    }
                }
                g[k * nOut + j] = s / (float) rows;
            }
        }
        return g;
    }

    private static float[][] rowsOf(float[] x, int rows, int n) {
        float[][] a = new float[rows][n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * n, a[r], 0, n);
        }
        return a;
    }

    /**
     * Gathering by column, sparse (one branch-free pass, then placing the present entries) and dense:
     * every column lists exactly the rows whose value it should, in increasing row order, with their
     * values, for a row range not starting at 0, with empty rows and empty columns, reusing one Columns.
     */
    @Test
    void gatheringListsEachColumnsRowsInOrder() {
        int nIn = 37;
        int rows = 23;
        SplittableRandom rng = new SplittableRandom(5);
        Columns cols = new Columns(nIn);
        for (int trial = 0; trial < 6; trial++) {
            float[] x = new float[2 * nIn + rows * nIn]; // two rows of offset before the batch
            int base = 2 * nIn;
            for (int i = base; i < x.length; i++) {
                int row = (i - base) / nIn;
                int k = (i - base) % nIn;
                boolean emptyRow = row % 7 == 3;
                boolean emptyColumn = k % 11 == 4;
                x[i] = emptyRow || emptyColumn || rng.nextInt(4 + trial) != 0 ? 0f : (float) rng.nextGaussian();
            }
            int r0 = trial % 3;
            int r1 = rows - trial % 2;
            for (boolean sparse : new boolean[] {true, false}) {
                Kernels.gather(x, base, nIn, r0, r1, sparse, cols);
                for (int k = 0; k < nIn; k++) {
                    int e = cols.start[k];
                    for (int r = r0; r < r1; r++) {
                        float v = x[base + r * nIn + k];
                        if (sparse && v == 0f) {
                            continue;
                        }
                        assertThat(e).as("column %d has an entry for row %d", k, r).isLessThan(cols.start[k + 1]);
                        assertThat(cols.row[e]).as("column %d entry %d", k, e).isEqualTo(r);
                        assertThat(cols.valueF[e]).isEqualTo(v);
                        e++;
                    }
                    assertThat(e).as("column %d ends (sparse %s)", k, sparse).isEqualTo(cols.start[k + 1]);
                }
            }
        }
    }

    @Test
    void theForwardProductByColumnAndByRowSumsInTheOrderOfThePlainLoop() {
        int rows = 23;
        int nIn = 37;
        for (int nOut : new int[] {3, 10, 70}) {
            float[] x = NetworkTest.sparseInput(rows, nIn, 31 + nOut);
            float[][] w = matrix(nIn, nOut, 32);
            float[] b = matrix(1, nOut, 33)[0];
            float[][] expected = plainAffine(x, rows, nIn, w, b);

            Columns cols = new Columns(nIn);
            Kernels.gather(x, 0, nIn, 0, rows, true, cols);
            float[][] byColumn = new float[rows][nOut];
            Kernels.affine(cols, w, b, byColumn, 0, rows);
            float[][] byRowFlat = new float[rows][nOut];
            Kernels.affineByRow(x, 0, nIn, true, w, b, byRowFlat, 0, rows, new int[nIn], new float[nIn]);
            float[][] byRowArrays = new float[rows][nOut];
            Kernels.affineByRow(rowsOf(x, rows, nIn), nIn, true, w, b, byRowArrays, 0, rows, new int[nIn], new float[nIn]);

            assertThat(byColumn).as("by column, %d outputs", nOut).isEqualTo(expected);
            assertThat(byRowFlat).as("by row from one array, %d outputs", nOut).isEqualTo(expected);
            assertThat(byRowArrays).as("by row from row arrays, %d outputs", nOut).isEqualTo(expected);
        }
    }

    @Test
    void theWeightGradientByColumnAndByRowSumsInTheOrderOfThePlainLoop() {
        int rows = 22;
        int nIn = 41;
        for (int nOut : new int[] {3, 10, 70}) {
            float[] x = NetworkTest.sparseInput(rows, nIn, 41 + nOut);
            float[][] d = matrix(rows, nOut, 42);
            double[] expected = plainTransposeTimes(x, rows, nIn, d);

            // by column, the rows gathered in two parts (as two threads do), dW rows in two ranges
            Columns[] parts = {new Columns(nIn), new Columns(nIn)};
            Kernels.gather(x, 0, nIn, 0, 9, true, parts[0]);
            Kernels.gather(x, 0, nIn, 9, rows, true, parts[1]);
            double[] byColumn = new double[nIn * nOut];
            Kernels.transposeTimes(parts, 2, d, 0, 17, rows, new float[nOut], byColumn);
            Kernels.transposeTimes(parts, 2, d, 17, nIn, rows, new float[nOut], byColumn);

            double[] byRow = new double[nIn * nOut];
            float[][] accT = new float[nOut][nIn];
            float[][] a = rowsOf(x, rows, nIn);
            Kernels.transposeTimesByRow(a, d, rows, 0, 17, accT, byRow);
            Kernels.transposeTimesByRow(a, d, rows, 17, nIn, accT, byRow);

            assertThat(byColumn).as("by column, %d outputs", nOut).isEqualTo(expected);
            assertThat(byRow).as("by row, %d outputs", nOut).isEqualTo(expected);
        }
    }

    @Test
    void theDeltaPassedDownSumsInTheOrderOfThePlainLoop() {
        int rows = 9;
        int nIn = 45;
        for (int nOut : new int[] {3, 10, 70}) {
            float[][] d = matrix(rows, nOut, 51 + nOut);
            float[][] wT = matrix(nOut, nIn, 52);
            float[][] expected = new float[rows][nIn];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < nIn; i++) {
                    float s = 0f;
                    for (int j = 0; j < nOut; j++) {
                        s = s + d[r][j] * wT[j][i];
                    }
                    expected[r][i] = s;
                }
            }
            float[][] out = new float[rows][nIn];
            Kernels.timesTransposed(d, wT, 0, 4, out);
            Kernels.timesTransposed(d, wT, 4, rows, out);
            assertThat(out).as("%d outputs", nOut).isEqualTo(expected);
        }
    }

    @Test
    void floatNetworksWithWideAndNarrowLayersAreBitIdenticalForOneAndTwoThreadsAndSparseOrDense() {
        // 70 >= NARROW outputs go by column (the second one gathering a hidden layer), 20 and 10 by row
        int[] sizes = {40, 70, 70, 20, 10};
        int[] batches = {64, 7, 45};
        try (Network one = Nets.xavier(Network.builder().layers(sizes).precision(Precision.FLOAT).threads(1).build(), 5);
             Network two = Nets.xavier(Network.builder().layers(sizes).precision(Precision.FLOAT).threads(2).build(), 5);
             Network dense = Nets.xavier(Network.builder().layers(sizes).precision(Precision.FLOAT).threads(2)
                     .sparseInput(false).build(), 5)) {
            assertThat(Kernels.NARROW).isBetween(21, 70);
            for (int i = 0; i < batches.length; i++) {
                int n = batches[i];
                float[] x = NetworkTest.sparseInput(n, sizes[0], 70 + i);
                double[] y = NetworkTest.oneHotRandom(n, 10, 80 + i);
                Gradients g1 = one.backprop(x, y, n);
                Gradients g2 = two.backprop(x, y, n);
                Gradients gd = dense.backprop(x, y, n);
                for (int l = 0; l < sizes.length - 1; l++) {
                    assertThat(g2.dW()[l]).as("dW of layer %d, batch %d, two threads", l, n).isEqualTo(g1.dW()[l]);
                    assertThat(gd.dW()[l]).as("dW of layer %d, batch %d, dense", l, n).isEqualTo(g1.dW()[l]);
                    assertThat(g2.db()[l]).as("db of layer %d, batch %d", l, n).isEqualTo(g1.db()[l]);
                }
                assertThat(g2.loss()).isEqualTo(g1.loss());
                assertThat(gd.loss()).isEqualTo(g1.loss());
            }
        }
    }

    @Test
    void floatGradientsOfWideLayersStayWithinFloatRoundingOfDouble() {
        int[] sizes = {60, 90, 10};
        float[] x = NetworkTest.sparseInput(40, 60, 91);
        double[] y = NetworkTest.oneHotRandom(40, 10, 92);
        try (Network d = Nets.xavier(Network.builder().layers(sizes).precision(Precision.DOUBLE).build(), 93);
             Network f = Network.builder().layers(sizes).precision(Precision.FLOAT).build()) {
            for (int l = 0; l < 2; l++) {
                f.setParameters(l, d.getWeights(l), d.getBiases(l));
                d.setParameters(l, f.getWeights(l), f.getBiases(l));
            }
            Gradients gd = d.backprop(x, y, 40);
            Gradients gf = f.backprop(x, y, 40);
            for (int l = 0; l < 2; l++) {
                double rel = NetworkTest.maxAbsDiff(gd.dW()[l], gf.dW()[l]) / NetworkTest.maxAbs(gd.dW()[l]);
                assertThat(rel).as("dW of layer %d", l).isBetween(1e-9, 1e-5);
            }
        }
    }
}
