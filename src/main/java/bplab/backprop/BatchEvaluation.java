package bplab.backprop;

/**
 * The hand-written trainer's loss and accuracy over one batch of examples ({@code Trainer.evaluate});
 * engines sum these into the engine-independent {@code bplab.train.Evaluation}.
 *
 * @param meanLoss  (1/n) sum_x L(a^L(x), y(x)), data term only (no L2 term)
 * @param accuracy  fraction of examples whose argmax output equals the label
 * @param confusion confusion[actual][predicted] counts, nOut x nOut
 * @param count     number of examples evaluated
 */
public record BatchEvaluation(double meanLoss, double accuracy, int[][] confusion, int count) {
}
