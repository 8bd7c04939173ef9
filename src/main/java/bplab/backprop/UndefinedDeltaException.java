package bplab.backprop;

/**
 * The general rule delta = J^T dL/da cannot be evaluated for an example: dL/da is infinite
 * (for MCXENT, -y/p with the target class's softmax probability p rounded to 0; for XENT, an
 * output rounded to exactly 0 or 1), so the product is 0 * infinity. The closed forms p - y and
 * a - y are exact limits there.
 */
public final class UndefinedDeltaException extends ArithmeticException {
    private final int example;

    UndefinedDeltaException(int example, String detail) {
        super(detail);
        this.example = example;
    }

    /** Row of the minibatch (0-based). */
    public int example() {
        return example;
    }
}
