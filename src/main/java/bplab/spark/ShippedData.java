package bplab.spark;

import bplab.config.DatasetKind;
import bplab.data.DataException;
import bplab.data.DataIdentity;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cell's data as the driver loaded it (training, validation and test images and labels, and
 * the dataset's identity with its files' MD5s), sent to the executors as a broadcast. The MD5
 * of everything shipped is taken on the driver and checked on the executor before training, so
 * a task never trains on data that differs from what the driver read.
 */
final class ShippedData implements Serializable {
    private static final long serialVersionUID = 1L;

    private record Part(String name, byte[] pixels, byte[] labels, int size) implements Serializable {
        static Part of(Dataset d) {
            return d == null ? null : new Part(d.name(), d.pixels(), d.labels(), d.size());
        }

        Dataset open() {
            return new Dataset(name, pixels, labels, size);
        }
    }

    private final Part train;
    private final Part validation;
    private final Part test;
    private final String kind;
    private final LinkedHashMap<String, String> files;
    private final String md5;

    private ShippedData(DataSplit split) {
        this.train = Part.of(split.train());
        this.validation = Part.of(split.validation());
        this.test = Part.of(split.test());
        this.kind = split.identity().kind() == null ? null : split.identity().kind().name();
        this.files = new LinkedHashMap<>(split.identity().files());
        this.md5 = contentMd5();
    }

    static ShippedData of(DataSplit split) {
        return new ShippedData(split);
    }

    /** MD5 over the shipped images and labels, in order (the checksum the executor verifies). */
    String md5() {
        return md5;
    }

    /** Bytes shipped (images and labels). */
    long bytes() {
        long n = 0;
        for (Part p : new Part[] {train, validation, test}) if (p != null) n += p.pixels().length + p.labels().length;
        return n;
    }

    /** The data as a split again, after checking that it arrived as the driver sent it. */
    DataSplit open(String expectedMd5) {
        String found = contentMd5();
        if (!found.equals(expectedMd5) || !found.equals(md5)) {
            throw new DataException("data shipped from the driver arrived with MD5 " + found + "; expected " + expectedMd5
                    + " (as sent). Rerun the experiment");
        }
        Map<String, String> f = files;
        DataIdentity identity = new DataIdentity(kind == null ? null : DatasetKind.valueOf(kind), f);
        return new DataSplit(train.open(), validation == null ? null : validation.open(), test.open(), identity);
    }

    private String contentMd5() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        for (Part p : new Part[] {train, validation, test}) {
            if (p == null) {
                md.update((byte) 0);
                continue;
            }
            md.update((byte) 1);
            md.update(p.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(java.nio.ByteBuffer.allocate(4).putInt(p.size()).array());
            md.update(p.pixels());
            md.update(p.labels());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
