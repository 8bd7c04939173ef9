package bplab.cli;

/** Process exit codes, the same for every command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed while running: divergence, I/O error, a bug. */
    public static final int RUNTIME_FAILURE = 1;
    /** Bad arguments, config or data: fix the input and run again. */
    public static final int BAD_INPUT = 2;
    /** Stopped by Ctrl-C or SIGTERM after writing a checkpoint (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
