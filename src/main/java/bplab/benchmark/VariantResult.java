package bplab.benchmark;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * One variant's timed blocks.
 *
 * @param variant           what was timed
 * @param examplesPerSecond examples/s of each round's block, in round order
 * @param statsMicros       the engine's own measure of the time its gradient statistics took per
 *                          iteration (timed inside the callbacks), if the engine measures it
 */
public record VariantResult(Variant variant, double[] examplesPerSecond, OptionalDouble statsMicros) {
    public double median() {
        return Benchmark.median(examplesPerSecond);
    }

    public double min() {
        return Arrays.stream(examplesPerSecond).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(examplesPerSecond).max().orElse(Double.NaN);
    }

    /** Per-round ratios of this variant's examples/s to another's (same rounds). */
    public double[] pairedRatios(VariantResult base) {
        double[] r = new double[examplesPerSecond.length];
        for (int k = 0; k < r.length; k++) r[k] = examplesPerSecond[k] / base.examplesPerSecond[k];
        return r;
    }
}
