package bplab.handwritten;

import bplab.backprop.Network;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies the hand-written engine's parameters into a DL4J network (to save models in DL4J's format),
 * and reads DL4J arrays in row-major order (to compare the engines). DL4J's W is a
 * column-major view into its flat parameter vector, so W is copied element by element in
 * row-major order (via a 'c'-order copy), never from the raw buffer.
 */
public final class ParameterBridge {
    private ParameterBridge() {}

    public static void handwrittenToDl4j(Network from, MultiLayerNetwork to) {
        DataType type = to.getLayerWiseConfigurations().getDataType();
        int[] sizes = from.layerSizes();
        for (int l = 0; l < from.numLayers(); l++) {
            INDArray w = Nd4j.create(from.getWeights(l), new long[] {sizes[l], sizes[l + 1]}, 'c').castTo(type);
            INDArray b = Nd4j.create(from.getBiases(l), new long[] {1, sizes[l + 1]}, 'c').castTo(type);
            to.setParam(l + "_W", w);
            to.setParam(l + "_b", b);
        }
    }

    /** Any DL4J array's values in row-major order, as doubles. */
    public static double[] rowMajor(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }
}
