package bplab.train;

/**
 * One finished epoch.
 *
 * @param epoch             0-based
 * @param iterations        iterations completed so far in the run
 * @param trainLoss         example-weighted mean of this epoch's minibatch data losses (each measured before its
 *                          update, L2 penalty not included): sum(loss_b * size_b) / examples
 * @param trainL2Penalty    example-weighted mean of the L2 penalties of the same minibatches (0 without L2)
 * @param test              evaluation on the test set after the epoch
 * @param validation        evaluation on the validation split, or null
 * @param seconds           training time of the epoch (evaluation excluded)
 * @param examplesPerSecond training throughput of the epoch
 */
public record EpochRecord(int epoch, long iterations, double trainLoss, double trainL2Penalty, Evaluation test, Evaluation validation,
                          double seconds, double examplesPerSecond) {}
