package bplab.benchmark;

import bplab.config.ConfigException;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.train.TrainingEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Training throughput of several variants of one config measured side by side in one process:
 * every variant first trains {@link Protocol#warmup()} untimed minibatches (JIT), then rounds of
 * interleaved timed blocks. Minibatches are the config's epoch-0 order, cycled.
 */
public final class Benchmark {
    private final RunConfig config;
    private final Dataset train;
    private final Protocol protocol;

    public Benchmark(RunConfig config, Dataset train, Protocol protocol) {
        this.config = config;
        this.train = train;
        this.protocol = protocol;
    }

    /** Times the variants, in the order given; the result lists them in the same order. */
    public List<VariantResult> run(List<Variant> variants) {
        return run(variants, null).variants();
    }

    /** A measurement taken once in every round, after the variants' blocks (e.g. a GEMM roof). */
    public interface RoundTask {
        /** Runs once, untimed by the benchmark, and returns what it measured. */
        double measure();
    }

    /**
     * The variants' results and, per round, what the round task measured (empty without one).
     */
    public record Measured(List<VariantResult> variants, double[] perRound) {
    }

    /**
     * As {@link #run(List)}, with {@code task} (may be null) measured once after the warm-up (result
     * discarded) and then once in every round after the variants' blocks, so that it sees the same
     * machine state as they do.
     */
    public Measured run(List<Variant> variants, RoundTask task) {
        int batch = config.training().batchSize();
        int batchesPerEpoch = train.size() / batch;
        if (batchesPerEpoch == 0) {
            throw new ConfigException("training.batch_size: found " + batch
                    + ", expected at most the training set size " + train.size());
        }
        int[] order = BatchOrder.permutation(train.size(), config.seed(), 0);
        List<TrainingEngine> engines = new ArrayList<>();
        try {
            for (Variant v : variants) engines.add(v.create(config));
            Minibatch mb = new Minibatch(batch);
            int n = engines.size();
            int[] cursor = new int[n];
            for (int e = 0; e < n; e++) {
                cursor[e] = train(engines.get(e), variants.get(e).recordsStats(), mb, order, batchesPerEpoch, 0, protocol.warmup());
                engines.get(e).resetStatsTiming();
            }
            if (task != null) task.measure();
            double[][] rates = new double[n][protocol.rounds()];
            double[] perRound = new double[task == null ? 0 : protocol.rounds()];
            for (int r = 0; r < protocol.rounds(); r++) {
                for (int e = 0; e < n; e++) {
                    long t0 = System.nanoTime();
                    cursor[e] = train(engines.get(e), variants.get(e).recordsStats(), mb, order, batchesPerEpoch,
                            cursor[e], protocol.iterations());
                    rates[e][r] = (double) protocol.iterations() * batch / ((System.nanoTime() - t0) / 1e9);
                }
                if (task != null) perRound[r] = task.measure();
            }
            List<VariantResult> results = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                results.add(new VariantResult(variants.get(e), rates[e],
                        variants.get(e).recordsStats() ? engines.get(e).statsMicrosPerIteration() : java.util.OptionalDouble.empty()));
            }
            return new Measured(results, perRound);
        } finally {
            engines.forEach(TrainingEngine::close);
        }
    }

    private int train(TrainingEngine engine, boolean stats, Minibatch mb, int[] order, int batchesPerEpoch, int cursor, int count) {
        int batch = config.training().batchSize();
        for (int i = 0; i < count; i++) {
            mb.fill(train, order, (cursor % batchesPerEpoch) * batch, batch);
            engine.step(mb, stats);
            cursor++;
        }
        return cursor;
    }

    /** The median of some values (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
