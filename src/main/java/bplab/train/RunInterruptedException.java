package bplab.train;

import java.nio.file.Path;

/** The user stopped the run (Ctrl-C or SIGTERM); a checkpoint was written first. */
public final class RunInterruptedException extends RuntimeException {
    private final Path runDir;

    public RunInterruptedException(Path runDir, Checkpoint checkpoint) {
        super("interrupted after iteration " + checkpoint.iteration() + " (epoch " + (checkpoint.epoch() + 1)
                + "); checkpoint written. Resume with: scripts/backprop-lab train --resume " + runDir);
        this.runDir = runDir;
    }

    /** The same stop, described for a caller that resumes differently (e.g. an experiment). */
    public RunInterruptedException(String message) {
        super(message);
        this.runDir = null;
    }

    public Path runDir() {
        return runDir;
    }
}
