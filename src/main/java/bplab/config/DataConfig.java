package bplab.config;

/**
 * Where the data comes from and how much of it to use.
 *
 * @param dataset    mnist | fashion_mnist (default mnist)
 * @param dir        directory holding the four IDX files, raw or .gz (default data/mnist or data/fashion-mnist)
 * @param trainLimit use the first N training images (default: all 60,000)
 * @param testLimit  use the first N test images (default: all 10,000)
 * @param validation hold out the LAST N of the (limited) training images for validation (default 0)
 */
public record DataConfig(DatasetKind dataset, String dir, Integer trainLimit, Integer testLimit, Integer validation) {
    public static final int MAX_TRAIN = 60_000;
    public static final int MAX_TEST = 10_000;

    public DataConfig {
        dataset = Check.orDefault(dataset, DatasetKind.MNIST);
        dir = Check.orDefault(dir, dataset.defaultDir());
        if (dir.isBlank()) throw new ConfigException("dir", "an empty string", "a directory path");
        trainLimit = Check.positive("train_limit", trainLimit, MAX_TRAIN);
        testLimit = Check.positive("test_limit", testLimit, MAX_TEST);
        validation = Check.nonNegative("validation", validation, 0);
        if (validation >= trainLimit) {
            throw new ConfigException("validation", String.valueOf(validation),
                    "fewer than train_limit (" + trainLimit + ") so that some training data remains");
        }
    }

    public static DataConfig defaults() {
        return new DataConfig(null, null, null, null, null);
    }
}
