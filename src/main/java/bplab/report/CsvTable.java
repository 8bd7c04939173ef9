package bplab.report;

import bplab.data.DataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numeric columns of a metrics CSV as written by {@code CsvWriter}: a header line, no quoting,
 * empty cells for "not measured", {@code NaN} / {@code Infinity} / {@code -Infinity} for
 * measured values that are not finite. Both read as non-finite doubles; which cells were empty
 * is kept apart ({@link #recorded}), so a diverged value is not mistaken for a missing one.
 * Only the requested columns are kept, so a 60,000-row iterations.csv costs a few arrays of
 * doubles. A last line cut short by a run that died mid-write is ignored.
 */
final class CsvTable {
    private final List<String> header;
    private final Map<String, double[]> columns;
    private final Map<String, BitSet> empty;
    private final int rows;

    private CsvTable(List<String> header, Map<String, double[]> columns, Map<String, BitSet> empty, int rows) {
        this.header = header;
        this.columns = columns;
        this.empty = empty;
        this.rows = rows;
    }

    /** Reads {@code file}, keeping the columns whose names {@code keep} accepts. */
    static CsvTable read(Path file, java.util.function.Predicate<String> keep) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null || first.isBlank()) {
                throw new DataException(file + ": empty; expected a CSV header line");
            }
            List<String> header = List.of(first.split(",", -1));
            int[] wanted = header.stream().filter(keep).mapToInt(header::indexOf).toArray();
            int capacity = 1024;
            double[][] data = new double[wanted.length][capacity];
            BitSet[] blank = new BitSet[wanted.length];
            for (int c = 0; c < wanted.length; c++) blank[c] = new BitSet();
            int n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) continue;
                String[] cells = line.split(",", -1);
                if (cells.length != header.size()) continue;
                if (n == capacity) {
                    capacity *= 2;
                    for (int c = 0; c < wanted.length; c++) data[c] = Arrays.copyOf(data[c], capacity);
                }
                for (int c = 0; c < wanted.length; c++) {
                    String cell = cells[wanted[c]];
                    if (cell.isEmpty()) blank[c].set(n);
                    data[c][n] = parse(file, cell);
                }
                n++;
            }
            Map<String, double[]> columns = new HashMap<>();
            Map<String, BitSet> empty = new HashMap<>();
            for (int c = 0; c < wanted.length; c++) {
                columns.put(header.get(wanted[c]), Arrays.copyOf(data[c], n));
                empty.put(header.get(wanted[c]), blank[c]);
            }
            return new CsvTable(header, columns, empty, n);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file; expected the metrics a run writes");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** An empty cell is NaN here (and marked empty); Double.parseDouble reads NaN, Infinity and -Infinity. */
    private static double parse(Path file, String cell) {
        if (cell.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(file + ": found '" + cell + "', expected a number, NaN, Infinity or an empty cell");
        }
    }

    List<String> header() {
        return header;
    }

    int rows() {
        return rows;
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The column's values, NaN where the cell was empty; all NaN if the file has no such column. */
    double[] column(String name) {
        double[] c = columns.get(name);
        if (c != null) return c;
        double[] none = new double[rows];
        Arrays.fill(none, Double.NaN);
        return none;
    }

    /**
     * Whether the cell of {@code column} in {@code row} was empty ("not recorded"), as opposed to a
     * written number, {@code NaN} or {@code Infinity}; true for every row of a column the file does not have.
     */
    boolean isEmpty(String column, int row) {
        BitSet e = empty.get(column);
        return e == null || e.get(row);
    }

    /** The column's values and which of its cells were empty (all of them if the file has no such column). */
    RunData.Column recorded(String name) {
        BitSet e = empty.get(name);
        if (e == null) {
            e = new BitSet(rows);
            e.set(0, rows);
        }
        return new RunData.Column(column(name), (BitSet) e.clone());
    }
}
