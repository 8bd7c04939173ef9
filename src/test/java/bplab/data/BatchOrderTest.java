package bplab.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchOrderTest {
    @Test
    void isAPermutationAndAPureFunctionOfSeedAndEpoch() {
        int[] a = BatchOrder.permutation(1000, 7, 3);
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(IntStream.range(0, 1000).toArray());
        assertThat(BatchOrder.permutation(1000, 7, 3)).isEqualTo(a);
        assertThat(BatchOrder.permutation(1000, 7, 4)).isNotEqualTo(a);
        assertThat(BatchOrder.permutation(1000, 8, 3)).isNotEqualTo(a);
    }

    @Test
    void countsAPartialLastBatch() {
        assertThat(BatchOrder.batches(60000, 64)).isEqualTo(938);
        assertThat(BatchOrder.batches(64, 64)).isEqualTo(1);
    }
}
