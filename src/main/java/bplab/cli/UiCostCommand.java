package bplab.cli;

import bplab.benchmark.Benchmark;
import bplab.config.EngineKind;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.train.TrainingEngine;
import bplab.ui.StatsRecorder;
import bplab.ui.StatsSource;
import bplab.ui.StatsTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What watching costs: per engine, one engine trains without UI statistics and one with them
 * (recorded into a temporary ui-stats.bin, as train --ui does), in alternating timed blocks on
 * the same minibatches; the cost is the median over rounds of the ratio of neighbouring blocks' times.
 */
@Command(name = "ui-cost", mixinStandardHelpOptions = true,
        description = {"Measure what --ui costs: each engine's time per iteration without and with DL4J UI statistics "
                + "(reported every N iterations), in alternating timed blocks in one process; prints the ratios.", ""},
        footer = {"", "Example: ui-cost --config config/ce-softmax.yaml --every 1,10,50 --rounds 6 --iterations 200"})
final class UiCostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunConfigOptions run;

    @Option(names = "--engines", split = ",", defaultValue = "dl4j,handwritten", description = "Default: ${DEFAULT-VALUE}.")
    List<String> engines;

    @Option(names = "--every", split = ",", defaultValue = "1,10,50", description = "Reporting frequencies to measure. Default: ${DEFAULT-VALUE}.")
    List<Integer> everies;

    @Option(names = "--iterations", defaultValue = "200", description = "Minibatches per timed block. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--rounds", defaultValue = "6", description = "Timed blocks per variant, alternating. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--warmup", defaultValue = "200", description = "Untimed minibatches per variant first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (iterations <= 0 || rounds <= 0 || warmup < 0 || everies.stream().anyMatch(e -> e < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--iterations, --rounds and every --every must be positive, --warmup >= 0");
        }
        RunConfig base = run.load();
        Dataset train = DataSplit.load(base.data(), Path.of("")).train();
        int batch = base.training().batchSize();
        int[] order = BatchOrder.permutation(train.size(), base.seed(), 0);
        int batches = train.size() / batch;
        Path tmp = Files.createTempDirectory("bplab-ui-cost");
        out.printf(Locale.ROOT, "%-12s %6s %14s %14s %8s %14s %s%n", "engine", "every", "plain ms/it", "watched ms/it",
                "cost", "ms per report", "  cost range over rounds");
        for (String e : engines) {
            EngineKind kind = EngineKind.valueOf(e.toUpperCase(Locale.ROOT));
            RunConfig cfg = new bplab.config.ConfigLoader().load(run.config, withEngine(e));
            for (int every : everies) {
                Path dir = Files.createDirectories(tmp.resolve(e + "-" + every));
                try (TrainingEngine plain = Engines.create(cfg); TrainingEngine watched = Engines.create(cfg);
                     StatsRecorder recorder = StatsRecorder.open(dir)) {
                    ((StatsSource) watched).publishStats(new StatsTarget(recorder.router(), "cost", kind.name(), every));
                    Minibatch mb = new Minibatch(batch);
                    int[] cursor = {0, 0};
                    block(plain, warmup, train, order, batches, batch, mb, cursor, 0);
                    block(watched, warmup, train, order, batches, batch, mb, cursor, 1);
                    double[] plainMs = new double[rounds];
                    double[] watchedMs = new double[rounds];
                    double[] ratios = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        // alternate which goes first, so drifts in machine load fall on both
                        if (r % 2 == 0) {
                            plainMs[r] = block(plain, iterations, train, order, batches, batch, mb, cursor, 0);
                            watchedMs[r] = block(watched, iterations, train, order, batches, batch, mb, cursor, 1);
                        } else {
                            watchedMs[r] = block(watched, iterations, train, order, batches, batch, mb, cursor, 1);
                            plainMs[r] = block(plain, iterations, train, order, batches, batch, mb, cursor, 0);
                        }
                        plainMs[r] *= 1000.0 / iterations;
                        watchedMs[r] *= 1000.0 / iterations;
                        ratios[r] = watchedMs[r] / plainMs[r];
                    }
                    recorder.finish(); // the writer thread's backlog counts too
                    // medians: one GC pause or a burst of load in one block does not decide the figure;
                    // the cost is the median of the per-round ratios of neighbouring blocks
                    double p = Benchmark.median(plainMs);
                    double w = Benchmark.median(watchedMs);
                    double ratio = Benchmark.median(ratios);
                    out.printf(Locale.ROOT, "%-12s %6d %14.3f %14.3f %7.1f%% %14.2f %11.1f%%..%.1f%%%n", e, every, p, w,
                            100 * (ratio - 1), (ratio - 1) * p * every,
                            100 * (min(ratios) - 1), 100 * (max(ratios) - 1));
                    out.flush();
                }
            }
        }
        return ExitCodes.OK;
    }

    private List<String> withEngine(String engine) {
        List<String> sets = new ArrayList<>(run.overrides);
        sets.add("engine=" + engine);
        return sets;
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    private static double block(TrainingEngine engine, int n, Dataset train, int[] order, int batches, int batch,
                                Minibatch mb, int[] cursor, int which) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int b = cursor[which]++ % batches;
            mb.fill(train, order, b * batch, batch);
            engine.step(mb, true); // as train records gradient norms by default (every iteration)
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
