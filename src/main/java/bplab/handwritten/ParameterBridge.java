package bplab.handwritten;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads DL4J arrays in row-major order, the hand-written engine's layout (to compare the
 * engines). DL4J's W is a column-major view into its flat parameter vector, so W is read element
 * by element in row-major order (via a 'c'-order copy), never from the raw buffer.
 */
public final class ParameterBridge {
    private ParameterBridge() {}

    /** Any DL4J array's values in row-major order, as doubles. */
    public static double[] rowMajor(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }
}
