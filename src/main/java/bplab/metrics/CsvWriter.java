package bplab.metrics;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file written row by row and flushed after each row, so a run that dies leaves every
 * completed row readable. Numbers use '.' and full double precision (Double.toString). A null
 * cell is written empty and means "not measured"; a measured value that is not finite is
 * written as Double.toString gives it ({@code NaN}, {@code Infinity}, {@code -Infinity}), so a
 * diverged value is never mistaken for a missing one. Values never contain commas, so no
 * quoting is needed.
 */
public final class CsvWriter implements Closeable {
    private final Path file;
    private final BufferedWriter out;
    private final int columns;

    public CsvWriter(Path file, List<String> header) {
        this.file = file;
        this.columns = header.size();
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            out.write(String.join(",", header));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends to an existing file whose header is {@code header} (after a resume truncated it). */
    public static CsvWriter append(Path file, List<String> header) {
        return new CsvWriter(file, header.size());
    }

    private CsvWriter(Path file, int columns) {
        this.file = file;
        this.columns = columns;
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public void row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(file + ": row has " + cells.length + " cells, header has " + columns);
        }
        StringBuilder sb = new StringBuilder(cells.length * 12);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(format(cells[i]));
        }
        sb.append('\n');
        try {
            out.write(sb.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** null: empty ("not measured"); numbers by Double/Float.toString, so NaN is {@code NaN}, not empty. */
    static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Double.toString(d);
        if (v instanceof Float f) return Float.toString(f);
        return v.toString().toLowerCase(Locale.ROOT).equals("null") ? "" : v.toString();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
