package bplab.train;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param epochs          every epoch's record, in order
 * @param finalTest       test evaluation after the last epoch (with the confusion matrix)
 * @param bestEpoch       epoch with the highest test accuracy
 * @param trainSeconds    training time, evaluation excluded
 * @param wallSeconds     whole run including evaluation
 * @param examplesPerSecond training examples per second of training time
 */
public record RunSummary(List<EpochRecord> epochs, Evaluation finalTest, int bestEpoch, double bestAccuracy,
                         long iterations, double trainSeconds, double wallSeconds, double examplesPerSecond) {}
