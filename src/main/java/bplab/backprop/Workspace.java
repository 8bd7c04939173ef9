package bplab.backprop;

/**
 * Buffers for batches of up to {@code capacity} rows, in one precision. Holds no state between calls
 * that the network relies on: every buffer is written before it is read within one call.
 */
final class Workspace {
    final int capacity;
    final boolean f32;
    /** The input converted to the working precision, when it arrives in the other one. */
    final double[] x;
    final float[] xF;
    /** a[l]: layer l's z during the product, then a = f_l(z) (DOUBLE, flat; aF for FLOAT, one array per row). */
    final double[][] a;
    final float[][][] aF;
    /** delta[l] = dL/dz of layer l (DOUBLE; deltaF for FLOAT). */
    final double[][] delta;
    final float[][][] deltaF;
    /** weightsT[l] = (W_l)^T, [nOut][nIn], for l &gt;= 1 (FLOAT only; refreshed by each backward pass). */
    final float[][][] weightsT;
    /** The output layer's a and delta in double: for DOUBLE the last a and delta themselves. */
    final double[] out;
    final double[] outDelta;
    final double[] lossRow;
    final double[] deltaNorm;
    /** columns[l][part]: the part's rows of layer l's input, by column. */
    final Columns[][] columns;
    /**
     * Per part, scratch rows (float dW accumulation and the values of a row multiplied by row; float
     * activations in double; the units of a row multiplied by row).
     */
    final float[][] accF;
    final int[][] unitScratch;
    final double[][] scratch;
    /** accT[l] = the float sums of dW_l transposed, [nOut][nIn], for layers whose dW is accumulated by row. */
    final float[][][] accT;
    /**
     * When the first layer is split by units: per piece and column block, scratch rows of the block's
     * width (z and a in the forward pass, the block's columns of delta_0 in the dW pass) and its bias.
     */
    final float[][][][] unitZ;
    final float[][][] unitBias;
    /** Gradient buffers for {@link Network#backpropShared}. */
    final double[][] dW;
    final double[][] db;

    Workspace(int capacity, int[] sizes, int parts, Precision precision, int[] unitStart) {
        this.capacity = capacity;
        this.f32 = precision == Precision.FLOAT;
        int layers = sizes.length - 1;
        int widest = 0;
        for (int s : sizes) {
            widest = Math.max(widest, s);
        }
        this.x = f32 ? null : new double[capacity * sizes[0]];
        this.xF = f32 ? new float[capacity * sizes[0]] : null;
        this.a = new double[layers][];
        this.delta = new double[layers][];
        this.aF = new float[layers][][];
        this.deltaF = new float[layers][][];
        this.weightsT = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            if (f32) {
                aF[l] = new float[capacity][sizes[l + 1]];
                deltaF[l] = new float[capacity][sizes[l + 1]];
                weightsT[l] = l == 0 ? null : new float[sizes[l + 1]][sizes[l]];
            } else {
                a[l] = new double[capacity * sizes[l + 1]];
                delta[l] = new double[capacity * sizes[l + 1]];
            }
        }
        int nOut = capacity * sizes[layers];
        this.out = f32 ? new double[nOut] : a[layers - 1];
        this.outDelta = f32 ? new double[nOut] : delta[layers - 1];
        this.lossRow = new double[capacity];
        this.deltaNorm = new double[capacity];
        this.columns = new Columns[layers][parts];
        this.accF = new float[parts][f32 ? widest : 0];
        this.unitScratch = new int[parts][f32 ? widest : 0];
        this.scratch = new double[parts][f32 ? widest : 0];
        this.accT = new float[layers][][];
        for (int l = 1; l < layers; l++) {
            if (f32 && sizes[l + 1] < Kernels.NARROW) {
                accT[l] = new float[sizes[l + 1]][sizes[l]];
            }
        }
        int blocks = unitStart == null || unitStart.length == 2 ? 0 : unitStart.length - 1; // one block needs none
        this.unitZ = new float[parts][blocks][][];
        this.unitBias = new float[parts][blocks][];
        for (int p = 0; p < parts; p++) {
            for (int u = 0; u < blocks; u++) {
                unitZ[p][u] = new float[capacity][unitStart[u + 1] - unitStart[u]];
                unitBias[p][u] = new float[unitStart[u + 1] - unitStart[u]];
            }
        }
        this.dW = new double[layers][];
        this.db = new double[layers][];
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < parts; p++) {
                columns[l][p] = new Columns(sizes[l]);
            }
            dW[l] = new double[sizes[l] * sizes[l + 1]];
            db[l] = new double[sizes[l + 1]];
        }
    }
}
