package bplab.cli;

import bplab.benchmark.Benchmark;
import bplab.benchmark.Protocol;
import bplab.benchmark.Variant;
import bplab.benchmark.VariantResult;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Parses the benchmark's options, runs {@link Benchmark} and prints its table: the median
 * examples/s per variant and the ratios to the first variant.
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
    List<String> variantNames;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Protocol protocol;
        List<Variant> variants = new ArrayList<>();
        try {
            protocol = new Protocol(warmup, rounds, iterations);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--warmup, --rounds, --iterations: " + e.getMessage());
        }
        for (String name : variantNames) {
            try {
                variants.add(Variant.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--engines: " + e.getMessage());
            }
        }
        RunConfig cfg = run.load();
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        out.printf(Locale.ROOT, "benchmark: %s, layers %s, batch %d, %s; %d warm-up + %d rounds x %d minibatches per variant%n",
                cfg.model().output().yamlName(), Arrays.toString(cfg.model().layerSizes(784, 10)), cfg.training().batchSize(),
                cfg.model().dtype().name().toLowerCase(Locale.ROOT), warmup, rounds, iterations);
        out.flush();
        List<VariantResult> results = new Benchmark(cfg, data.train(), protocol).run(variants);
        printTable(out, results, cfg.training().batchSize());
        return ExitCodes.OK;
    }

    private static void printTable(PrintWriter out, List<VariantResult> results, int batch) {
        VariantResult base = results.get(0);
        out.printf(Locale.ROOT, "%-20s %14s %14s %14s %10s %22s%n", "variant", "median ex/s", "min ex/s", "max ex/s", "ratio",
                "paired ratio [min,max]");
        for (VariantResult r : results) {
            double[] paired = r.pairedRatios(base);
            out.printf(Locale.ROOT, "%-20s %,14.0f %,14.0f %,14.0f %10.3f %8.3f [%.3f,%.3f]%n", r.variant().label(), r.median(),
                    r.min(), r.max(), r.median() / base.median(), Benchmark.median(paired),
                    Arrays.stream(paired).min().orElseThrow(), Arrays.stream(paired).max().orElseThrow());
        }
        out.println("ratio = median examples/s of the variant / median examples/s of " + base.variant().label()
                + "; paired ratio = median over rounds of the same ratio within one round (less sensitive to drift)");
        for (VariantResult r : results) {
            if (r.statsMicros().isEmpty()) continue;
            double us = r.statsMicros().getAsDouble();
            double iterationMicros = 1e6 * batch / r.median();
            out.printf(Locale.ROOT, "%s: the gradient-statistics listener took %.0f us per iteration, %.1f%% of the "
                    + "median iteration (%.0f us); timed inside its callbacks, so it does not depend on run-to-run noise%n",
                    r.variant().label(), us, 100 * us / iterationMicros, iterationMicros);
        }
    }
}
