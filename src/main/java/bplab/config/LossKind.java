package bplab.config;

/**
 * Losses with DL4J's scaling, per example (the minibatch loss is the mean over examples):
 * MSE = (1/nOut) sum (a-y)^2 (no 1/2), L2 = sum (a-y)^2, MCXENT = -sum y log a,
 * XENT = -sum [y log a + (1-y) log(1-a)].
 */
public enum LossKind {
    MSE, L2, MCXENT, XENT;

    /** The hand-written engine's loss of the same name. */
    public bplab.backprop.Loss function() {
        return bplab.backprop.Loss.valueOf(name());
    }
}
