package bplab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files (big-endian header, unsigned bytes), raw or gzipped (detected
 * from the content, not the name). Every header is checked before anything is allocated:
 * magic number, 28x28 images, a count no larger than {@link #MAX_ITEMS}, and (for raw files)
 * a file length equal to header + payload. Gzipped files must end exactly after the payload.
 */
public final class IdxReader {
    public static final int IMAGE_MAGIC = 2051;
    public static final int LABEL_MAGIC = 2049;
    public static final int ROWS = 28;
    public static final int COLS = 28;
    /** Upper bound on items in one file; MNIST has 60,000. Larger headers are rejected unread. */
    public static final int MAX_ITEMS = 1_000_000;
    public static final int CLASSES = 10;

    private IdxReader() {}

    /** Pixels as unsigned bytes, image after image, row-major 28x28. */
    public static byte[] readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != IMAGE_MAGIC) {
                throw new DataException(file + ": magic number was " + magic + ", expected " + IMAGE_MAGIC
                        + " (IDX images)" + (magic == LABEL_MAGIC ? "; this looks like a label file" : ""));
            }
            int count = readHeaderInt(in, file, "image count");
            int rows = readHeaderInt(in, file, "row count");
            int cols = readHeaderInt(in, file, "column count");
            checkCount(file, count, "images");
            if (rows != ROWS || cols != COLS) {
                throw new DataException(file + ": images are " + rows + "x" + cols + ", expected " + ROWS + "x" + COLS);
            }
            long payload = (long) count * rows * cols;
            checkLength(file, 16, payload);
            byte[] pixels = new byte[(int) payload];
            readPayload(in, file, pixels);
            return pixels;
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Labels 0-9, one byte each. */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != LABEL_MAGIC) {
                throw new DataException(file + ": magic number was " + magic + ", expected " + LABEL_MAGIC
                        + " (IDX labels)" + (magic == IMAGE_MAGIC ? "; this looks like an image file" : ""));
            }
            int count = readHeaderInt(in, file, "label count");
            checkCount(file, count, "labels");
            checkLength(file, 8, count);
            byte[] labels = new byte[count];
            readPayload(in, file, labels);
            for (int i = 0; i < count; i++) {
                if (labels[i] < 0 || labels[i] >= CLASSES) {
                    throw new DataException(file + ": label " + i + " is " + Byte.toUnsignedInt(labels[i])
                            + ", expected a digit class 0-" + (CLASSES - 1));
                }
            }
            return labels;
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such file; expected an IDX file (run scripts/fetch-mnist.sh for MNIST)");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        }
        return new DataInputStream(raw);
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataException(file + ": file ends inside the header (reading the " + what + "); expected a complete IDX header");
        }
    }

    private static void checkCount(Path file, int count, String what) {
        if (count < 0 || count > MAX_ITEMS) {
            throw new DataException(file + ": header claims " + Integer.toUnsignedString(count) + " " + what
                    + ", expected at most " + MAX_ITEMS);
        }
    }

    /** For raw files the length is known up front: header + payload, exactly. */
    private static void checkLength(Path file, int header, long payload) throws IOException {
        if (isGzip(file)) return;
        long size = Files.size(file);
        long expected = header + payload;
        if (size != expected) {
            throw new DataException(file + ": file is " + size + " bytes, expected " + expected
                    + " (" + header + "-byte header + " + payload + " bytes the header promises)"
                    + (size < expected ? "; it is truncated" : "; it has trailing data"));
        }
    }

    private static void readPayload(DataInputStream in, Path file, byte[] into) throws IOException {
        int off = 0;
        while (off < into.length) {
            int n = in.read(into, off, into.length - off);
            if (n < 0) {
                throw new DataException(file + ": data ends after " + off + " of " + into.length
                        + " payload bytes; the file is truncated");
            }
            off += n;
        }
        if (in.read() >= 0) {
            throw new DataException(file + ": more data after the " + into.length + " payload bytes the header promises");
        }
    }

    private static DataException ioError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(file + ": no such file; expected an IDX file", e);
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new DataException(file + ": corrupt gzip stream (" + e.getMessage() + "); expected a valid .gz IDX file", e);
        }
        return new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
}
