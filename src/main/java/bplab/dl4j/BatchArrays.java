package bplab.dl4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches as ND4J arrays, written into feature and one-hot label arrays allocated once per
 * batch size and reused for every later minibatch of that size.
 *
 * <p>Why: ND4J arrays live off the Java heap and are freed only when the garbage collector finds
 * their Java handles dead; JavaCPP lets that memory grow up to {@code -Xmx} before it forces a
 * collection. Two new arrays per minibatch (about 200 KB at batch 64) therefore grew the
 * process by gigabytes in long runs while the heap itself stayed small. Reused arrays allocate
 * nothing per minibatch, and the copy goes straight from the Java array into the array's
 * native memory (no intermediate Java array).
 */
final class BatchArrays {
    private final int inputs;
    private final int classes;
    private final DataType type;
    private final Map<Integer, DataSet> bySize = new HashMap<>();
    private double[] doubles = new double[0];

    BatchArrays(int inputs, int classes, DataType type) {
        this.inputs = inputs;
        this.classes = classes;
        this.type = type;
    }

    /**
     * Rows {@code from .. from+n} of a row-major feature array and their class labels, as a
     * DataSet whose arrays are overwritten by the next call with the same {@code n}.
     */
    DataSet load(float[] features, int[] labels, int from, int n) {
        DataSet ds = bySize.computeIfAbsent(n, size -> {
            if (bySize.size() >= 4) bySize.clear(); // a few sizes in use at a time (full and last batch, evaluation)
            return new DataSet(Nd4j.create(type, size, inputs), Nd4j.create(type, size, classes));
        });
        INDArray x = ds.getFeatures();
        INDArray y = ds.getLabels();
        int values = n * inputs;
        if (type == DataType.FLOAT) {
            FloatBuffer xb = x.data().asNioFloat();
            xb.put(features, from * inputs, values);
            FloatBuffer yb = y.data().asNioFloat();
            for (int i = 0; i < n * classes; i++) yb.put(i, 0f);
            for (int i = 0; i < n; i++) yb.put(i * classes + labels[from + i], 1f);
        } else if (type == DataType.DOUBLE) {
            if (doubles.length < values) doubles = new double[values];
            for (int i = 0; i < values; i++) doubles[i] = features[from * inputs + i];
            DoubleBuffer xb = x.data().asNioDouble();
            xb.put(doubles, 0, values);
            DoubleBuffer yb = y.data().asNioDouble();
            for (int i = 0; i < n * classes; i++) yb.put(i, 0d);
            for (int i = 0; i < n; i++) yb.put(i * classes + labels[from + i], 1d);
        } else {
            throw new IllegalStateException("network data type " + type + ", expected FLOAT or DOUBLE");
        }
        return ds;
    }
}
