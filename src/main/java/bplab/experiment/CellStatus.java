package bplab.experiment;

import java.util.Locale;

/** What happened to a cell. */
public enum CellStatus {
    /** Not run yet (or its directory holds an incomplete run, which will be replaced). */
    PENDING,
    /** Trained to the end in this invocation. */
    OK,
    /** Already complete from an earlier invocation: not trained again. */
    DONE,
    /** The loss or a gradient became NaN or infinite; the metrics up to then are kept. */
    DIVERGED,
    /** Any other failure at run time (I/O error, a bug). */
    FAILED;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFailure() {
        return this == DIVERGED || this == FAILED;
    }
}
