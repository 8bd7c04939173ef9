package bplab.cli;

import bplab.config.LoggingConfig;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.train.TrainingEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Training throughput of several variants measured side by side in one process: rounds of
 * interleaved timed blocks, so every variant sees the same machine state, reported as the
 * median examples/s per variant and as ratios to the first variant.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure training speed (examples/s) of a config side by side in one run: DL4J with "
                + "gradient statistics every iteration, DL4J without them, and the hand-written engine on both cores "
                + "or on one. "
                + "Prints medians over interleaved rounds and the ratios between variants.", ""},
        footer = {"", "Example: benchmark --config config/ce-softmax.yaml --rounds 5 --iterations 300"})
final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunConfigOptions run;

    @Option(names = "--iterations", defaultValue = "300", description = "Minibatches per timed block. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed blocks per variant (interleaved). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--warmup", defaultValue = "300", description = "Untimed minibatches per variant first (JIT warm-up). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--engines", split = ",", defaultValue = "dl4j-stats,dl4j-nostats",
            description = "Variants, comma-separated: dl4j-stats, dl4j-nostats, handwritten (both cores), "
                    + "handwritten-1thread (one core, as DL4J with OMP_NUM_THREADS=1). Default: ${DEFAULT-VALUE}.")
    List<String> variants;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (iterations <= 0 || rounds <= 0 || warmup < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--iterations and --rounds must be positive and --warmup >= 0; found " + iterations + ", " + rounds + ", " + warmup);
        }
        RunConfig cfg = run.load();
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        Dataset train = data.train();
        int batch = cfg.training().batchSize();
        int[] order = BatchOrder.permutation(train.size(), cfg.seed(), 0);
        int batchesPerEpoch = train.size() / batch;
        if (batchesPerEpoch == 0) {
            throw new bplab.config.ConfigException("training.batch_size: found " + batch
                    + ", expected at most the training set size " + train.size());
        }
        List<TrainingEngine> engines = new ArrayList<>();
        List<Boolean> stats = new ArrayList<>();
        for (String v : variants) {
            TrainingEngine engine = switch (v) {
                case "dl4j-stats", "dl4j-nostats" -> Engines.create(withEngine(cfg, bplab.config.EngineKind.DL4J));
                case "handwritten" -> Engines.create(withEngine(cfg, bplab.config.EngineKind.HANDWRITTEN));
                case "handwritten-1thread" -> {
                    RunConfig hand = withEngine(cfg, bplab.config.EngineKind.HANDWRITTEN);
                    yield new bplab.handwritten.HandwrittenEngine(hand,
                            bplab.handwritten.HandwrittenEngine.deltaMode(hand.handwritten().deltaRule()), 1);
                }
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--engines: found '" + v + "', expected dl4j-stats, dl4j-nostats, handwritten or handwritten-1thread");
            };
            engines.add(engine);
            stats.add(!v.equals("dl4j-nostats"));
        }
        out.printf(Locale.ROOT, "benchmark: %s, layers %s, batch %d, %s; %d warm-up + %d rounds x %d minibatches per variant%n",
                cfg.model().output().yamlName(), Arrays.toString(cfg.model().layerSizes(784, 10)), batch,
                cfg.model().dtype().name().toLowerCase(Locale.ROOT), warmup, rounds, iterations);
        out.flush();
        Minibatch mb = new Minibatch(batch);
        int[] cursor = new int[engines.size()];
        for (int e = 0; e < engines.size(); e++) cursor[e] = run(engines.get(e), stats.get(e), train, order, mb, batch, batchesPerEpoch, 0, warmup);
        for (TrainingEngine engine : engines) {
            if (engine instanceof bplab.dl4j.Dl4jEngine d) d.resetStatsTiming();
        }
        double[][] rates = new double[engines.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int e = 0; e < engines.size(); e++) {
                long t0 = System.nanoTime();
                cursor[e] = run(engines.get(e), stats.get(e), train, order, mb, batch, batchesPerEpoch, cursor[e], iterations);
                rates[e][r] = (double) iterations * batch / ((System.nanoTime() - t0) / 1e9);
            }
        }
        out.printf(Locale.ROOT, "%-20s %14s %14s %14s %10s %22s%n", "variant", "median ex/s", "min ex/s", "max ex/s", "ratio",
                "paired ratio [min,max]");
        for (int e = 0; e < engines.size(); e++) {
            double[] r = rates[e].clone();
            Arrays.sort(r);
            double[] paired = new double[rounds];
            for (int k = 0; k < rounds; k++) paired[k] = rates[e][k] / rates[0][k];
            double[] ps = paired.clone();
            Arrays.sort(ps);
            out.printf(Locale.ROOT, "%-20s %,14.0f %,14.0f %,14.0f %10.3f %8.3f [%.3f,%.3f]%n", variants.get(e), median(rates[e]),
                    r[0], r[r.length - 1], median(rates[e]) / median(rates[0]), median(paired), ps[0], ps[ps.length - 1]);
        }
        out.println("ratio = median examples/s of the variant / median examples/s of " + variants.get(0)
                + "; paired ratio = median over rounds of the same ratio within one round (less sensitive to drift)");
        for (int e = 0; e < engines.size(); e++) {
            if (engines.get(e) instanceof bplab.dl4j.Dl4jEngine d && stats.get(e)) {
                double iterationMicros = 1e6 * batch / median(rates[e]);
                out.printf(Locale.ROOT, "%s: the gradient-statistics listener took %.0f us per iteration, %.1f%% of the "
                        + "median iteration (%.0f us); timed inside its callbacks, so it does not depend on run-to-run noise%n",
                        variants.get(e), d.statsMicrosPerIteration(), 100 * d.statsMicrosPerIteration() / iterationMicros, iterationMicros);
            }
        }
        engines.forEach(TrainingEngine::close);
        return ExitCodes.OK;
    }

    private static int run(TrainingEngine engine, boolean stats, Dataset train, int[] order, Minibatch mb,
                           int batch, int batchesPerEpoch, int cursor, int count) {
        for (int i = 0; i < count; i++) {
            mb.fill(train, order, (cursor % batchesPerEpoch) * batch, batch);
            engine.step(mb, stats);
            cursor++;
        }
        return cursor;
    }

    private static RunConfig withEngine(RunConfig c, bplab.config.EngineKind kind) {
        return new RunConfig(c.name(), c.seed(), kind, c.data(), c.model(), c.training(),
                new LoggingConfig(1, c.logging().outDir()), c.handwritten());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
