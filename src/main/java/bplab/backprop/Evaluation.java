package bplab.backprop;

/**
 * Loss and accuracy over a set of examples.
 *
 * @param meanLoss  (1/n) sum_x L(a^L(x), y(x)), data term only (no L2 term)
 * @param accuracy  fraction of examples whose argmax output equals the label
 * @param confusion confusion[actual][predicted] counts, nOut x nOut
 * @param count     number of examples evaluated
 */
public record Evaluation(double meanLoss, double accuracy, int[][] confusion, int count) {
}
