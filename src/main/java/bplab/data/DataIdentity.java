package bplab.data;

import bplab.config.DatasetKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which dataset a directory holds, and the MD5 of every file read, for run.json. A dataset is
 * recognised by the MD5 of its decoded label bytes (training and test labels, IDX header
 * excluded), so raw and gzipped copies of the same data are the same dataset.
 *
 * @param kind  the dataset the labels are, or null when they match no known dataset
 * @param files file name -> MD5 of the file as stored
 */
public record DataIdentity(DatasetKind kind, Map<String, String> files) {
    /** MD5 of the 60,000 training and 10,000 test label bytes of each known dataset. */
    private static final Map<String, DatasetKind> KNOWN = Map.of(
            "e86ee40d66677c011a9abda399ec8c4d/073c3904dfbd3e141ff8aa01cfde6b15", DatasetKind.MNIST,
            "3236f6424fc25388b2834cb19942cf7e/8dea97a4e78c1bd1b5a6e8efbb870b6e", DatasetKind.FASHION_MNIST);

    public DataIdentity {
        files = Map.copyOf(files);
    }

    /** Identifies the dataset from its (decoded) label bytes and checksums the stored files. */
    static DataIdentity of(MnistFiles paths, byte[] trainLabels, byte[] testLabels) {
        DatasetKind kind = KNOWN.get(md5(trainLabels) + "/" + md5(testLabels));
        Map<String, String> files = new LinkedHashMap<>();
        for (Path p : new Path[] {paths.trainImages(), paths.trainLabels(), paths.testImages(), paths.testLabels()}) {
            files.put(p.getFileName().toString(), md5(p));
        }
        return new DataIdentity(kind, files);
    }

    /** The dataset's name as the config spells it, or "unknown". */
    public String name() {
        return kind == null ? "unknown" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    static String md5(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String md5(Path file) {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) md.update(buf, 0, n);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
