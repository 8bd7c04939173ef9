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

    /**
     * Starts {@link #configure()} on a daemon thread and returns at once. Loading ND4J (classes,
     * native libraries, backend) takes a second or more, and every training run needs it, the
     * hand-written engine's too (it exports {@code model.zip} through DL4J); while the command
     * parses its config and reads and checksums the data on one thread, the other core is idle, so
     * loading ND4J there takes it off the run's critical path. A failure here is dropped: the
     * caller's own later {@code configure()} loads ND4J again and reports the error.
     */
    public static void configureInBackground() {
        if (configured) return;
        Thread t = new Thread(() -> {
            try {
                configure();
            } catch (Throwable ignored) {
                // reported by the caller's own configure()
            }
        }, "nd4j-load");
        t.setDaemon(true);
        t.start();
    }

    private static int parse(String s) {
        try {
            return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
