package bplab.dl4j;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mean per-example norm of DL4J's output delta, (1/B) sum_i ||dL/dz^L_i||, from DL4J's own
 * loss function: the output layer's {@code ILossFunction.computeGradient(labels, z, activation)},
 * which returns dL/dz one row per example, with the layer's own activation function.
 *
 * <p>The pre-activations z^L = h W^L + b^L are formed here from DL4J's arrays (the activations h
 * of the last hidden layer in the forward pass, and the output layer's parameters before the
 * update), because the layer does not expose its own. They are summed in double and rounded to
 * the network's data type, within an ulp of DL4J's float product. Why not in ND4J: on this
 * machine every ND4J op costs 20-90 microseconds of overhead however small the arrays (a
 * 64x100x10 mmul about 60 us), so z = h W + b by ND4J ops alone cost more than the rest of the
 * statistics; this loop takes a few microseconds. Buffers are reused between iterations.
 */
final class OutputDelta {
    private float[] floats = new float[0];
    private double[] h = new double[0];
    private double[] w = new double[0];
    private double[] b = new double[0];
    private double[] zT = new double[0];
    private double[] hT = new double[0];
    private double[] z = new double[0];
    private INDArray zArr;

    double meanNorm(MultiLayerNetwork net, INDArray hidden, INDArray labels) {
        int l = net.getnLayers() - 1;
        BaseOutputLayer conf = (BaseOutputLayer) net.getLayer(l).conf().getLayer();
        INDArray wArr = net.getParam(l + "_W");
        int n = (int) hidden.rows();
        int nIn = (int) wArr.rows();
        int classes = (int) wArr.columns();
        readTransposed(hidden, n, nIn);
        w = read(wArr, 'f', w);       // column-major: w[j * nIn + k] = W[k][j]
        b = read(net.getParam(l + "_b"), 'c', b);
        z = preActivations(n, nIn, classes);
        DataType type = wArr.dataType();
        INDArray zArr = preActivationArray(type, n, classes);
        INDArray y = labels.dataType() == type ? labels : labels.castTo(type);
        INDArray delta = conf.getLossFn().computeGradient(y, zArr, conf.getActivationFn(), null);
        double[] d = read(delta, 'c', z); // z is not needed any more
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int j = 0; j < classes; j++) sq += d[i * classes + j] * d[i * classes + j];
            sum += Math.sqrt(sq);
        }
        return sum / n;
    }

    /**
     * z = h W + b, row-major [n][classes]. Accumulated column by column over a transposed copy of
     * h, so the inner loop is an axpy over the n examples (vectorisable), not a short dot product.
     */
    private double[] preActivations(int n, int nIn, int classes) {
        if (zT.length != n * classes) zT = new double[n * classes];
        double[] out = z.length == n * classes ? z : new double[n * classes];
        for (int j = 0; j < classes; j++) java.util.Arrays.fill(zT, j * n, (j + 1) * n, b[j]);
        for (int k = 0; k < nIn; k++) {
            int ho = k * n;
            for (int j = 0; j < classes; j++) {
                double wkj = w[j * nIn + k];
                int zo = j * n;
                for (int i = 0; i < n; i++) zT[zo + i] += wkj * hT[ho + i];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < classes; j++) out[i * classes + j] = zT[j * n + i];
        }
        return out;
    }

    /** z as an ND4J array of the network's type, written into an array kept for this shape (allocating costs ~20 us). */
    private INDArray preActivationArray(DataType type, int n, int classes) {
        if (zArr == null || zArr.dataType() != type || zArr.rows() != n || zArr.columns() != classes) {
            // kept between iterations, so outside any workspace (whose memory is reused)
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                zArr = Nd4j.create(type, new long[] {n, classes}, 'c');
            }
        }
        if (type == DataType.DOUBLE) {
            zArr.data().asNioDouble().put(0, z, 0, n * classes);
        } else {
            if (floats.length < n * classes) floats = new float[n * classes];
            for (int i = 0; i < n * classes; i++) floats[i] = (float) z[i];
            zArr.data().asNioFloat().put(0, floats, 0, n * classes);
        }
        return zArr;
    }

    /** hT[k * n + i] = h[i][k]: the hidden activations transposed, read in one pass. */
    private void readTransposed(INDArray hidden, int n, int nIn) {
        if (hT.length != n * nIn) hT = new double[n * nIn];
        boolean direct = hidden.elementWiseStride() == 1 && hidden.ordering() == 'c';
        if (direct && hidden.data().dataType() == DataType.FLOAT) {
            if (floats.length < n * nIn) floats = new float[n * nIn];
            hidden.data().asNioFloat().get((int) hidden.offset(), floats, 0, n * nIn);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nIn; k++) hT[k * n + i] = floats[i * nIn + k];
            }
        } else {
            h = read(hidden, 'c', h);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nIn; k++) hT[k * n + i] = h[i * nIn + k];
            }
        }
    }

    /** An array's values as doubles in the given order (which must be its memory order when contiguous). */
    private double[] read(INDArray a, char order, double[] into) {
        int n = (int) a.length();
        double[] out = into.length == n ? into : new double[n];
        DataType type = a.data().dataType();
        boolean direct = a.elementWiseStride() == 1 && (a.isVector() || a.ordering() == order);
        if (direct && type == DataType.FLOAT) {
            if (floats.length < n) floats = new float[n];
            a.data().asNioFloat().get((int) a.offset(), floats, 0, n);
            for (int i = 0; i < n; i++) out[i] = floats[i];
        } else if (direct && type == DataType.DOUBLE) {
            a.data().asNioDouble().get((int) a.offset(), out, 0, n);
        } else {
            double[] copy = a.dup(order).castTo(DataType.DOUBLE).data().asDouble();
            System.arraycopy(copy, 0, out, 0, n);
        }
        return out;
    }
}
