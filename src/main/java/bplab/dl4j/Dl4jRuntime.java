package bplab.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Process-wide ND4J settings. OpenMP threads spin-wait and fight on a 2-core machine: with
 * one OpenMP thread this network trains about 4x faster (see README, "Speed"). The launcher
 * sets OMP_NUM_THREADS=1; this applies the same at start-up for callers that did not.
 */
public final class Dl4jRuntime {
    private static volatile boolean configured;

    private Dl4jRuntime() {}

    public static synchronized void configure() {
        if (configured) return;
        String env = System.getenv("OMP_NUM_THREADS");
        int threads = env == null ? 1 : parse(env);
        Nd4j.create(1); // load the backend before touching native settings
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        configured = true;
    }

    private static int parse(String s) {
        try {
            return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
