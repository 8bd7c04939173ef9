package bplab.data;

import bplab.config.DataConfig;
import java.nio.file.Path;

/**
 * Training, validation and test sets for a run. The training set is the first
 * {@code train_limit} images minus the last {@code validation} of them, which form the
 * validation set (train_limit 60000, validation 10000 gives Nielsen's 50,000 / 10,000 split).
 * A directory that holds a known dataset other than the configured one is an error: a run
 * labelled Fashion-MNIST never trains on the digits.
 */
public record DataSplit(Dataset train, Dataset validation, Dataset test, DataIdentity identity) {

    public boolean hasValidation() {
        return validation != null && validation.size() > 0;
    }

    public static DataSplit load(DataConfig config, Path baseDir) {
        Path dir = resolve(config.dir(), baseDir);
        MnistFiles files = MnistFiles.locate(dir);
        byte[] trainLabels = IdxReader.readLabels(files.trainLabels());
        byte[] testLabels = IdxReader.readLabels(files.testLabels());
        DataIdentity identity = DataIdentity.of(files, trainLabels, testLabels);
        if (identity.kind() != null && identity.kind() != config.dataset()) {
            String found = identity.name();
            String wanted = config.dataset().name().toLowerCase(java.util.Locale.ROOT);
            throw new DataException(dir + ": holds " + found + " (recognised by its label files), but data.dataset is "
                    + wanted + "; expected " + wanted + "'s files there (set data.dir, or data.dataset: " + found + ")");
        }
        Dataset train = read("train", files.trainImages(), files.trainLabels(), trainLabels, config.trainLimit());
        Dataset test = read("test", files.testImages(), files.testLabels(), testLabels, config.testLimit());
        Dataset validation = null;
        if (config.validation() > 0) {
            int cut = train.size() - config.validation();
            if (cut <= 0) {
                throw new DataException(dir + ": data.validation is " + config.validation() + " but only " + train.size()
                        + " training images are available; expected fewer");
            }
            validation = train.slice("validation", cut, train.size());
            train = train.slice("train", 0, cut);
        }
        return new DataSplit(train, validation, test, identity);
    }

    /** {@code ~/} expands to the home directory; relative paths are taken from {@code baseDir}. */
    public static Path resolve(String dir, Path baseDir) {
        String expanded = dir.startsWith("~/") ? System.getProperty("user.home") + dir.substring(1) : dir;
        Path p = Path.of(expanded);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    private static Dataset read(String name, Path imagesFile, Path labelsFile, byte[] labels, int limit) {
        byte[] pixels = IdxReader.readImages(imagesFile);
        int images = pixels.length / Dataset.FEATURES;
        if (images != labels.length) {
            throw new DataException(imagesFile + " has " + images + " images but " + labelsFile + " has "
                    + labels.length + " labels; expected the same count");
        }
        Dataset all = new Dataset(name, pixels, labels, images);
        return limit >= images ? all : all.slice(name, 0, limit);
    }
}
