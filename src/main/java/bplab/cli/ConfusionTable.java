package bplab.cli;

import bplab.config.DatasetKind;
import bplab.train.Evaluation;

/** A confusion matrix as a fixed-width text table: rows actual, columns predicted, labelled with the dataset's classes. */
final class ConfusionTable {
    private ConfusionTable() {}

    static String format(Evaluation e, DatasetKind dataset) {
        int[][] c = e.confusion();
        boolean named = dataset != DatasetKind.MNIST;
        int labelWidth = 6;
        if (named) {
            for (String n : dataset.classNames()) labelWidth = Math.max(labelWidth, n.length() + 5);
        }
        StringBuilder sb = new StringBuilder("confusion matrix (rows: actual " + dataset.classNoun() + ", columns: predicted)\n");
        sb.append(" ".repeat(labelWidth));
        for (int j = 0; j < c.length; j++) sb.append(String.format("%6d", j));
        sb.append('\n');
        for (int i = 0; i < c.length; i++) {
            String label = named && i < dataset.classNames().size() ? i + " " + dataset.classNames().get(i) : String.valueOf(i);
            sb.append(String.format("%" + labelWidth + "s", label));
            for (int j = 0; j < c.length; j++) sb.append(String.format("%6d", c[i][j]));
            sb.append('\n');
        }
        return sb.toString();
    }
}
