package bplab.train;

/**
 * An engine cannot compute a training step from finite inputs (for example the hand-written
 * engine's Jacobian delta rule meeting 0 * infinity). The training loop reports it like a
 * divergence, with the iteration and epoch.
 */
public final class UndefinedStepException extends RuntimeException {
    private final String advice;

    /**
     * @param what   what could not be computed, and why
     * @param advice what the user can change
     */
    public UndefinedStepException(String what, String advice) {
        super(what);
        this.advice = advice;
    }

    public String advice() {
        return advice;
    }
}
