package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.DatasetKind;
import bplab.train.Evaluation;
import org.junit.jupiter.api.Test;

class ConfusionTableTest {
    private static Evaluation tenClasses() {
        int[][] c = new int[10][10];
        for (int i = 0; i < 10; i++) c[i][i] = 10 + i;
        c[9][7] = 3; // an ankle boot taken for a sneaker
        return Evaluation.of(1.0, c);
    }

    @Test
    void fashionMnistRowsCarryTheClassNames() {
        String table = ConfusionTable.format(tenClasses(), DatasetKind.FASHION_MNIST);
        assertThat(table).startsWith("confusion matrix (rows: actual class, columns: predicted)");
        assertThat(table.lines().filter(l -> l.contains("9 Ankle boot")).findFirst().orElseThrow())
                .matches("\\s*9 Ankle boot(\\s+0){7}\\s+3\\s+0\\s+19");
        assertThat(table).contains("0 T-shirt/top").contains("7 Sneaker");
    }

    @Test
    void mnistRowsAreTheDigits() {
        String table = ConfusionTable.format(tenClasses(), DatasetKind.MNIST);
        assertThat(table).startsWith("confusion matrix (rows: actual digit, columns: predicted)").doesNotContain("Sneaker");
        assertThat(table.lines().filter(l -> l.trim().startsWith("9 ")).findFirst().orElseThrow())
                .matches("\\s*9(\\s+0){7}\\s+3\\s+0\\s+19");
    }
}
