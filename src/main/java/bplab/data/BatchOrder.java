package bplab.data;

import java.util.SplittableRandom;

/**
 * The order in which training examples are visited: a fresh seeded shuffle per epoch,
 * a pure function of (seed, epoch, n). Both engines, and a resumed run, get the same
 * minibatches in the same order without sharing any RNG state.
 */
public final class BatchOrder {
    private BatchOrder() {}

    public static int[] permutation(int n, long seed, int epoch) {
        // Distinct, well-mixed stream per epoch: SplittableRandom's seed mixing does the rest.
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + 1);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Number of minibatches in an epoch; the last one may be smaller. */
    public static int batches(int n, int batchSize) {
        return (n + batchSize - 1) / batchSize;
    }
}
