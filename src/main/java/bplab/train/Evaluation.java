package bplab.train;

/**
 * A model scored on a dataset.
 *
 * @param loss      mean loss over the examples (without the L2 penalty)
 * @param accuracy  fraction classified correctly (argmax of the output)
 * @param confusion confusion[actual][predicted] counts
 */
public record Evaluation(double loss, double accuracy, int[][] confusion, int examples) {

    public static Evaluation of(double lossSum, int[][] confusion) {
        int n = 0;
        int correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion[i].length; j++) n += confusion[i][j];
            correct += confusion[i][i];
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, confusion, n);
    }
}
