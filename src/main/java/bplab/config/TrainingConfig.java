package bplab.config;

/**
 * How to train.
 *
 * @param epochs    passes over the training set (default 10)
 * @param batchSize examples per minibatch (default 64); the last minibatch of an epoch may be smaller
 * @param updater   optimiser (default sgd, learning rate 0.1)
 * @param l2        L2 coefficient on weights, DL4J's convention g += l2 * W (default 0)
 * @param checkpointEvery write a resumable checkpoint every N epochs (default 1; 0 = only on Ctrl-C/SIGTERM)
 */
public record TrainingConfig(Integer epochs, Integer batchSize, UpdaterConfig updater, Double l2, Integer checkpointEvery) {
    public TrainingConfig {
        epochs = Check.positive("epochs", epochs, 10);
        if (epochs > 10_000) throw new ConfigException("epochs", epochs.toString(), "at most 10000");
        batchSize = Check.positive("batch_size", batchSize, 64);
        if (batchSize > 60_000) throw new ConfigException("batch_size", batchSize.toString(), "at most 60000");
        updater = Check.orDefault(updater, UpdaterConfig.sgd(0.1));
        l2 = Check.nonNegativeFinite("l2", l2, 0.0);
        checkpointEvery = Check.nonNegative("checkpoint_every", checkpointEvery, 1);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null, null, null);
    }
}
