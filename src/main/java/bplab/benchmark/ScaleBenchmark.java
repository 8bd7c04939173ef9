package bplab.benchmark;

import bplab.backprop.Flops;
import bplab.config.ActivationKind;
import bplab.config.EngineKind;
import bplab.config.HiddenLayerConfig;
import bplab.config.ModelConfig;
import bplab.config.RunConfig;
import bplab.config.TrainingConfig;
import bplab.data.Dataset;
import bplab.dl4j.SgemmRoof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Training throughput over a grid of one-hidden-layer widths and batch sizes: for every (width,
 * batch) cell the config with {@code model.hidden} replaced by one layer of that width (same
 * activation as the config's first hidden layer) and {@code training.batch_size} by that batch is
 * timed with {@link Benchmark} (warm-up, then interleaved rounds), and in every round, after the
 * variants, float32 GEMMs of the first layer's forward shape [batch x 784] x [784 x width]
 * ({@link SgemmRoof}, for at least {@link #ROOF_SECONDS_PER_ROUND}, on 1 BLAS thread and on
 * {@link Settings#roofThreads}, the better of the two) give the roof in the same machine state: on a
 * loaded 2-core machine two BLAS threads often ran slower than one.
 * Prints nothing.
 *
 * <p>FLOPs per example are {@link Flops#perTrainingExample} (the three matrix products of each layer,
 * dense-equivalent, as a GEMM-based engine performs them) and, for the hand-written engine, also
 * {@link Flops#performedPerTrainingExample} with the fraction of non-zero inputs of the training set
 * (zero inputs are skipped).
 */
public final class ScaleBenchmark {
    /**
     * What to run.
     *
     * @param blockExamples  examples per timed block (the minibatches per block are this over the batch, rounded up)
     * @param warmupExamples untimed examples per variant and cell first
     * @param roofThreads    BLAS threads for the GEMM roof: each round takes the better of 1 and this many
     */
    public record Settings(List<Integer> widths, List<Integer> batches, int rounds, int blockExamples, int warmupExamples,
                           int roofThreads) {
        public Settings {
            widths = List.copyOf(widths);
            batches = List.copyOf(batches);
            if (widths.isEmpty() || batches.isEmpty()) {
                throw new IllegalArgumentException("expected at least one width and one batch size; found " + widths + " and " + batches);
            }
            for (int w : widths) {
                if (w < 1 || w > 100_000) throw new IllegalArgumentException("width: found " + w + ", expected 1..100000");
            }
            for (int b : batches) {
                if (b < 1) throw new IllegalArgumentException("batch: found " + b + ", expected a positive size");
            }
            if (rounds < 1 || blockExamples < 1 || warmupExamples < 0 || roofThreads < 1 || roofThreads > 64) {
                throw new IllegalArgumentException("expected rounds >= 1, block examples >= 1, warm-up examples >= 0 and "
                        + "roof threads in 1..64; found " + rounds + ", " + blockExamples + ", " + warmupExamples + ", " + roofThreads);
            }
        }

        /** The protocol of a cell with this batch size. */
        public Protocol protocol(int batch) {
            return new Protocol(ceilDiv(warmupExamples, batch), rounds, Math.max(1, ceilDiv(blockExamples, batch)));
        }
    }

    /**
     * One cell of the grid.
     *
     * @param layerSizes          e.g. [784, 800, 10]
     * @param denseFlops          FLOPs per example, dense-equivalent ({@link Flops#perTrainingExample})
     * @param inputDensity        fraction of non-zero inputs over the training set
     * @param roofGflops          the GEMM roof of each round (the better of 1 and roofThreads BLAS threads)
     */
    public record Cell(int width, int batch, int[] layerSizes, Protocol protocol, long denseFlops, double inputDensity,
                       List<VariantResult> variants, double[] roofGflops, int roofThreads) {
        public double roofMedian() {
            return Benchmark.median(roofGflops);
        }

        /** FLOPs per example the variant performs: fewer than dense for the hand-written engine (zero inputs skipped). */
        public double performedFlops(Variant v) {
            return v.engineKind() == EngineKind.HANDWRITTEN
                    ? Flops.performedPerTrainingExample(inputDensity, layerSizes) : denseFlops;
        }

        /** Dense-equivalent GFLOP/s at the variant's median examples/s. */
        public double denseGflops(VariantResult r) {
            return r.median() * denseFlops / 1e9;
        }

        /** GFLOP/s actually performed at the variant's median examples/s. */
        public double performedGflops(VariantResult r) {
            return r.median() * performedFlops(r.variant()) / 1e9;
        }

        /** Dense-equivalent GFLOP/s over the median roof. */
        public double fractionOfRoof(VariantResult r) {
            return denseGflops(r) / roofMedian();
        }
    }

    private final RunConfig base;
    private final Dataset train;

    public ScaleBenchmark(RunConfig base, Dataset train) {
        this.base = base;
        this.train = train;
    }

    /** The base config with one hidden layer of {@code width} units and minibatches of {@code batch}. */
    public static RunConfig cellConfig(RunConfig base, int width, int batch) {
        ModelConfig m = base.model();
        ActivationKind f = m.hidden().isEmpty() ? ActivationKind.SIGMOID : m.hidden().get(0).activation();
        ModelConfig model = new ModelConfig(List.of(new HiddenLayerConfig(width, f)), m.output(), m.weightInit(),
                m.biasInit(), m.dtype());
        TrainingConfig t = base.training();
        TrainingConfig training = new TrainingConfig(t.epochs(), batch, t.updater(), t.l2(), t.checkpointEvery());
        return new RunConfig(base.name(), base.seed(), base.engine(), base.data(), model, training, base.logging(),
                base.handwritten());
    }

    /**
     * The roof's GEMMs in one round run for at least this long (and at least one per minibatch of a
     * block): a few milliseconds of small products are timed too coarsely on a shared machine.
     */
    public static final double ROOF_SECONDS_PER_ROUND = 0.1;

    /** Fraction of non-zero pixels over a dataset's images. */
    public static double inputDensity(Dataset data) {
        byte[] p = data.pixels();
        long n = (long) data.size() * Dataset.FEATURES;
        long nonZero = 0;
        for (long i = 0; i < n; i++) {
            if (p[(int) i] != 0) nonZero++;
        }
        return (double) nonZero / n;
    }

    /**
     * Runs the cells, widths outer and batch sizes inner, handing each to {@code done} as it finishes;
     * returns them in that order.
     */
    public List<Cell> run(List<Variant> variants, Settings settings, Consumer<Cell> done) {
        double density = inputDensity(train);
        SgemmRoof one = new SgemmRoof(1);
        SgemmRoof many = new SgemmRoof(settings.roofThreads());
        List<Cell> cells = new ArrayList<>();
        for (int width : settings.widths()) {
            for (int batch : settings.batches()) {
                RunConfig cfg = cellConfig(base, width, batch);
                Protocol protocol = settings.protocol(batch);
                int[] sizes = cfg.model().layerSizes(Dataset.FEATURES, Dataset.CLASSES);
                int reps = protocol.iterations();
                Benchmark.Measured m = new Benchmark(cfg, train, protocol)
                        .run(variants, () -> {
                            double g = one.gflops(batch, sizes[0], width, reps, ROOF_SECONDS_PER_ROUND);
                            return many.threads() == 1 ? g
                                    : Math.max(g, many.gflops(batch, sizes[0], width, reps, ROOF_SECONDS_PER_ROUND));
                        });
                Cell cell = new Cell(width, batch, sizes, protocol, Flops.perTrainingExample(sizes), density, m.variants(),
                        m.perRound(), many.threads());
                cells.add(cell);
                done.accept(cell);
            }
        }
        return cells;
    }

    /** The CSV header of {@link #writeCsv}. */
    public static final String CSV_HEADER = "width,batch,layers,variant,rounds,minibatches_per_round,median_examples_per_s,"
            + "min_examples_per_s,max_examples_per_s,dense_flops_per_example,performed_flops_per_example,input_density,"
            + "median_dense_gflops,median_performed_gflops,roof_threads,roof_median_gflops,roof_min_gflops,roof_max_gflops,"
            + "dense_fraction_of_roof,examples_per_s_by_round,roof_gflops_by_round";

    /** One row per cell and variant; per-round values space-separated; unformatted numbers. */
    public static void writeCsv(Path file, List<Cell> cells) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Cell c : cells) {
            String layers = Arrays.stream(c.layerSizes()).mapToObj(String::valueOf).collect(Collectors.joining("-"));
            for (VariantResult r : c.variants()) {
                sb.append(c.width()).append(',').append(c.batch()).append(',').append(layers).append(',')
                        .append(r.variant().label()).append(',').append(c.protocol().rounds()).append(',')
                        .append(c.protocol().iterations()).append(',').append(r.median()).append(',').append(r.min())
                        .append(',').append(r.max()).append(',').append(c.denseFlops()).append(',')
                        .append(c.performedFlops(r.variant())).append(',').append(c.inputDensity()).append(',')
                        .append(c.denseGflops(r)).append(',').append(c.performedGflops(r)).append(',')
                        .append(c.roofThreads()).append(',').append(c.roofMedian()).append(',')
                        .append(Arrays.stream(c.roofGflops()).min().orElse(Double.NaN)).append(',')
                        .append(Arrays.stream(c.roofGflops()).max().orElse(Double.NaN)).append(',')
                        .append(c.fractionOfRoof(r)).append(',').append(join(r.examplesPerSecond())).append(',')
                        .append(join(c.roofGflops())).append('\n');
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String join(double[] v) {
        return Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(" "));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
