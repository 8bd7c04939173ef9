package bplab.dl4j;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The practical roof for a dense layer on this machine: float32 GEMM C = A B through ND4J's BLAS
 * ({@code Nd4j.gemm}, OpenBLAS sgemm in the nd4j-native backend) on a given number of BLAS threads,
 * timed on the caller's thread. A, B and C are allocated once per shape and reused, C in 'f' order so
 * ND4J hands the product straight to BLAS. The BLAS thread count is raised only while timing and put
 * back afterwards, so DL4J training around it keeps the process setting ({@link Dl4jRuntime}).
 */
public final class SgemmRoof {
    private final int threads;
    private INDArray a;
    private INDArray b;
    private INDArray c;

    /** @param threads BLAS threads while timing (1..64) */
    public SgemmRoof(int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be in [1, 64], found " + threads);
        }
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    /** Which BLAS ND4J calls, e.g. OPENBLAS. */
    public static String vendor() {
        Dl4jRuntime.configure();
        return String.valueOf(Nd4j.factory().blas().getBlasVendor());
    }

    /** The FLOPs of one product [m x k] x [k x n], counted as 2 m k n. */
    public static double flops(int m, int k, int n) {
        return 2.0 * m * k * n;
    }

    /**
     * GFLOP/s of at least {@code repetitions} products [m x k] x [k x n] (inputs uniform in [0, 1)),
     * repeated until at least {@code minSeconds} have passed, timed together in wall-clock time.
     */
    public double gflops(int m, int k, int n, int repetitions, double minSeconds) {
        if (m < 1 || k < 1 || n < 1 || repetitions < 1 || !(minSeconds >= 0)) {
            throw new IllegalArgumentException("expected positive m, k, n and repetitions and minSeconds >= 0; found " + m
                    + ", " + k + ", " + n + ", " + repetitions + ", " + minSeconds);
        }
        Dl4jRuntime.configure();
        if (a == null || a.rows() != m || a.columns() != k || b.columns() != n) {
            a = Nd4j.rand(DataType.FLOAT, m, k);
            b = Nd4j.rand(DataType.FLOAT, k, n);
            c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'f');
        }
        Blas blas = Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        blas.setMaxThreads(threads);
        try {
            long minNanos = (long) (minSeconds * 1e9);
            long t0 = System.nanoTime();
            long elapsed;
            long done = 0;
            do {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                done++;
                elapsed = System.nanoTime() - t0;
            } while (done < repetitions || elapsed < minNanos);
            return flops(m, k, n) * done / (elapsed / 1e9) / 1e9;
        } finally {
            blas.setMaxThreads(before);
        }
    }
}
