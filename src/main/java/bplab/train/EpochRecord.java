package bplab.train;

/**
 * One finished epoch.
 *
 * @param epoch             0-based
 * @param iterations        iterations completed so far in the run
 * @param trainLoss         mean of this epoch's minibatch losses (each measured before its update)
 * @param test              evaluation on the test set after the epoch
 * @param validation        evaluation on the validation split, or null
 * @param seconds           training time of the epoch (evaluation excluded)
 * @param examplesPerSecond training throughput of the epoch
 */
public record EpochRecord(int epoch, long iterations, double trainLoss, Evaluation test, Evaluation validation,
                          double seconds, double examplesPerSecond) {}
