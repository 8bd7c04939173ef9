package bplab.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files in code, good and corrupt, for the reader's tests. */
final class IdxFixtures {
    private IdxFixtures() {}

    static byte[] images(int magic, int count, int rows, int cols, int payloadBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < payloadBytes; i++) out.writeByte(i % 251);
        return bytes.toByteArray();
    }

    static byte[] images(int count) throws IOException {
        return images(IdxReader.IMAGE_MAGIC, count, 28, 28, count * 784);
    }

    static byte[] labels(int magic, int count, byte... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.write(values);
        return bytes.toByteArray();
    }

    static byte[] labels(int count) throws IOException {
        byte[] v = new byte[count];
        for (int i = 0; i < count; i++) v[i] = (byte) (i % 10);
        return labels(IdxReader.LABEL_MAGIC, count, v);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** A complete MNIST-layout directory with {@code train} and {@code test} examples. */
    static Path mnistDir(Path dir, int train, int test) throws IOException {
        write(dir, "train-images-idx3-ubyte", images(train));
        write(dir, "train-labels-idx1-ubyte", labels(train));
        write(dir, "t10k-images-idx3-ubyte", images(test));
        write(dir, "t10k-labels-idx1-ubyte", labels(test));
        return dir;
    }
}
