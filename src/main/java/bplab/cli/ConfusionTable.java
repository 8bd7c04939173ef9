package bplab.cli;

import bplab.train.Evaluation;

/** A confusion matrix as a fixed-width text table: rows actual, columns predicted. */
final class ConfusionTable {
    private ConfusionTable() {}

    static String format(Evaluation e) {
        int[][] c = e.confusion();
        StringBuilder sb = new StringBuilder("confusion matrix (rows: actual digit, columns: predicted)\n      ");
        for (int j = 0; j < c.length; j++) sb.append(String.format("%6d", j));
        sb.append('\n');
        for (int i = 0; i < c.length; i++) {
            sb.append(String.format("%6d", i));
            for (int j = 0; j < c.length; j++) sb.append(String.format("%6d", c[i][j]));
            sb.append('\n');
        }
        return sb.toString();
    }
}
