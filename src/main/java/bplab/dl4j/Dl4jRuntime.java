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

    /** JavaCPP's limit on the process's resident memory, read once when JavaCPP loads. */
    public static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private Dl4jRuntime() {}

    /**
     * Turns off JavaCPP's resident-memory check unless the user set it: with a limit, every
     * native allocation (ND4J allocates several small shape buffers per op) reads the process's
     * resident size from /proc, which took a quarter of a DL4J training iteration here (JFR).
     * Native memory stays bounded by JavaCPP's other limit, {@code maxBytes} (default: the heap
     * limit), and by the garbage collector freeing dead arrays. Must run before ND4J loads
     * (the command layer calls it first thing); later calls change nothing.
     */
    public static void skipResidentMemoryChecks() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) System.setProperty(MAX_PHYSICAL_BYTES, "0");
    }

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
