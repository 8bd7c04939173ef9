package bplab.cli;

import bplab.benchmark.Benchmark;
import bplab.benchmark.Protocol;
import bplab.benchmark.ScaleBenchmark;
import bplab.benchmark.ScaleBenchmark.Cell;
import bplab.benchmark.Variant;
import bplab.benchmark.VariantResult;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
import bplab.dl4j.SgemmRoof;
import java.io.IOException;
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
 * examples/s per variant and the ratios to the first variant; or, with {@code --scale}, runs
 * {@link ScaleBenchmark} over a grid of widths and batch sizes and prints examples/s, GFLOP/s and
 * the fraction of the GEMM roof per cell.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure training speed (examples/s) of a config side by side in one run: DL4J with "
                + "gradient statistics every iteration, DL4J without them, and the hand-written engine on both cores "
                + "or on one. "
                + "Prints medians over interleaved rounds and the ratios between variants.", "",
                "With --scale (or --widths/--batches) the config's network is replaced, cell by cell, by 784-W-10 (one "
                + "hidden layer of W units, the config's first hidden activation) trained in minibatches of B, for "
                + "every W in --widths and B in --batches. Each cell gets its own warm-up and interleaved rounds of "
                + "the variants (default dl4j-stats,handwritten: both engines as train runs them, gradient statistics "
                + "every iteration), and in every round, after the variants, the roof: a float32 GEMM "
                + "[B x 784] x [784 x W] (the first layer's forward product) through ND4J's BLAS (OpenBLAS sgemm in "
                + "nd4j-native), one product per minibatch of the block and for at least 0.1 s, on one BLAS thread "
                + "and on --roof-threads, the better of the two in each round (two threads can be the slower on a busy "
                + "machine). "
                + "GFLOP/s count the three matrix products of each layer (forward z = aW, dW = a^T delta, and the "
                + "delta passed down, for every layer but the first): 2 (784 W 2 + W 10 3) per example, "
                + "dense-equivalent; biases, activations, loss and the update are not counted. The hand-written engine "
                + "skips zero inputs (about 81% of MNIST pixels), so it performs fewer: its 'performed' GFLOP/s scale "
                + "the first layer's two products by the measured fraction of non-zero pixels. 'of roof' = "
                + "dense-equivalent GFLOP/s / median roof GFLOP/s of the same cell.", ""},
        footer = {"", "Example: benchmark --config config/ce-softmax.yaml --rounds 5 --iterations 300",
                "Example: benchmark --config config/ce-softmax.yaml --scale --out runs/scale.csv"})
final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunConfigOptions run;

    @Option(names = "--iterations", defaultValue = "300", description = "Minibatches per timed block (not with --scale: "
            + "see --block-examples). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--rounds", description = "Timed blocks per variant (interleaved). Default: 5, with --scale 3.")
    Integer rounds;

    @Option(names = "--warmup", defaultValue = "300", description = "Untimed minibatches per variant first (JIT warm-up; "
            + "not with --scale: see --warmup-examples). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--engines", split = ",",
            description = "Variants, comma-separated: dl4j-stats, dl4j-nostats, handwritten (both cores), "
                    + "handwritten-1thread (one core, as DL4J with OMP_NUM_THREADS=1). Default: dl4j-stats,dl4j-nostats; "
                    + "with --scale dl4j-stats,handwritten.")
    List<String> variantNames;

    @Option(names = "--scale", description = "Time every width x batch cell (default widths 100,300,800 and batches 10,64,256) "
            + "against a GEMM roof.")
    boolean scale;

    @Option(names = "--widths", split = ",", paramLabel = "W", description = "Hidden widths of the grid (implies --scale). "
            + "Default: 100,300,800.")
    List<Integer> widths;

    @Option(names = "--batches", split = ",", paramLabel = "B", description = "Batch sizes of the grid (implies --scale). "
            + "Default: 10,64,256.")
    List<Integer> batches;

    @Option(names = "--block-examples", paramLabel = "N", defaultValue = "5120", description = "With --scale: examples per timed block, i.e. "
            + "ceil(N / B) minibatches. Default: ${DEFAULT-VALUE}.")
    int blockExamples;

    @Option(names = "--warmup-examples", paramLabel = "N", defaultValue = "5120", description = "With --scale: untimed examples per variant "
            + "and cell first. Default: ${DEFAULT-VALUE}.")
    int warmupExamples;

    @Option(names = "--roof-threads", paramLabel = "T", defaultValue = "2", description = "With --scale: BLAS threads of the GEMM roof "
            + "(each round takes the better of 1 thread and this many). Default: ${DEFAULT-VALUE}.")
    int roofThreads;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "With --scale: also write one CSV row per cell and "
            + "variant (unformatted, with every round's value).")
    Path csv;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean grid = scale || widths != null || batches != null;
        if (grid) {
            return callScale(out);
        }
        for (String option : List.of("--block-examples", "--warmup-examples", "--roof-threads", "--out")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + ": only with --scale (or --widths/--batches)");
            }
        }
        Protocol protocol;
        try {
            protocol = new Protocol(warmup, rounds == null ? 5 : rounds, iterations);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--warmup, --rounds, --iterations: " + e.getMessage());
        }
        List<Variant> variants = variants(List.of("dl4j-stats", "dl4j-nostats"));
        RunConfig cfg = run.load();
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        out.printf(Locale.ROOT, "benchmark: %s, layers %s, batch %d, %s; %d warm-up + %d rounds x %d minibatches per variant%n",
                cfg.model().output().yamlName(), Arrays.toString(cfg.model().layerSizes(784, 10)), cfg.training().batchSize(),
                cfg.model().dtype().name().toLowerCase(Locale.ROOT), warmup, protocol.rounds(), iterations);
        out.flush();
        List<VariantResult> results = new Benchmark(cfg, data.train(), protocol).run(variants);
        printTable(out, results, cfg.training().batchSize());
        return ExitCodes.OK;
    }

    private List<Variant> variants(List<String> defaults) {
        List<Variant> variants = new ArrayList<>();
        for (String name : variantNames == null ? defaults : variantNames) {
            try {
                variants.add(Variant.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--engines: " + e.getMessage());
            }
        }
        return variants;
    }

    private int callScale(PrintWriter out) throws IOException {
        for (String option : List.of("--iterations", "--warmup")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + ": not with --scale; use "
                        + (option.equals("--warmup") ? "--warmup-examples" : "--block-examples"));
            }
        }
        ScaleBenchmark.Settings settings;
        try {
            settings = new ScaleBenchmark.Settings(widths == null ? List.of(100, 300, 800) : widths,
                    batches == null ? List.of(10, 64, 256) : batches, rounds == null ? 3 : rounds, blockExamples,
                    warmupExamples, roofThreads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "--widths, --batches, --rounds, --block-examples, --warmup-examples, --roof-threads: " + e.getMessage());
        }
        List<Variant> variants = variants(List.of("dl4j-stats", "handwritten"));
        RunConfig cfg = run.load();
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        int largest = settings.batches().stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (largest > data.train().size()) {
            throw new ParameterException(spec.commandLine(), "--batches: found " + largest + ", expected at most the "
                    + "training set size " + data.train().size());
        }
        out.printf(Locale.ROOT, "benchmark --scale: %s, 784-W-10 (%s hidden), %s; widths %s, batches %s; per cell and variant "
                        + "%d warm-up + %d rounds x %d examples; roof: float32 GEMM [B x 784] x [784 x W], %s, best of 1 and %d "
                        + "thread(s)%n",
                cfg.model().output().yamlName(), ScaleBenchmark.cellConfig(cfg, 1, 1).model().hidden().get(0).activation()
                        .name().toLowerCase(Locale.ROOT), cfg.model().dtype().name().toLowerCase(Locale.ROOT),
                settings.widths(), settings.batches(), warmupExamples, settings.rounds(), blockExamples,
                SgemmRoof.vendor().toLowerCase(Locale.ROOT), roofThreads);
        out.printf(Locale.ROOT, "%6s %6s %-20s %12s %12s %12s %10s %10s %10s %8s%n", "width", "batch", "variant", "median ex/s",
                "min ex/s", "max ex/s", "GFLOP/s", "performed", "roof", "of roof");
        out.flush();
        List<Cell> cells = new ScaleBenchmark(cfg, data.train()).run(variants, settings, cell -> {
            for (VariantResult r : cell.variants()) {
                out.printf(Locale.ROOT, "%6d %6d %-20s %,12.0f %,12.0f %,12.0f %10.2f %10.2f %10.2f %7.1f%%%n", cell.width(),
                        cell.batch(), r.variant().label(), r.median(), r.min(), r.max(), cell.denseGflops(r),
                        cell.performedGflops(r), cell.roofMedian(), 100 * cell.fractionOfRoof(r));
            }
            out.flush();
        });
        double density = cells.get(0).inputDensity();
        out.printf(Locale.ROOT, "GFLOP/s = median examples/s x dense-equivalent FLOPs per example (the matrix products); "
                + "performed = the FLOPs done, the hand-written engine skipping zero inputs (%.1f%% of the training pixels "
                + "are non-zero); roof = median GFLOP/s of the float32 GEMM over the rounds; of roof = GFLOP/s / roof%n",
                100 * density);
        if (csv != null) {
            ScaleBenchmark.writeCsv(csv, cells);
            out.println("rows in " + csv);
        }
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
