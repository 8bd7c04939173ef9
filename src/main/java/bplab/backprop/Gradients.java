package bplab.backprop;

/**
 * Result of one backward pass over a minibatch of B examples. Arrays are owned by this record (not
 * copied); callers may modify them.
 *
 * @param dW              per layer, the minibatch mean dL/dW, row-major [nIn][nOut] (index i*nOut + j)
 * @param db              per layer, the minibatch mean dL/db, length nOut
 * @param loss            minibatch mean loss (1/B) sum_x L(a^L(x), y(x)), no regularisation term
 * @param outputDeltaNorm (1/B) sum_x ||delta^L(x)||_2, delta^L = dL/dz^L of one example
 */
public record Gradients(double[][] dW, double[][] db, double loss, double outputDeltaNorm) {
}
