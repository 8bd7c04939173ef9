package bplab.report;

/**
 * The numbers the summary reports for one run.
 *
 * @param finalAccuracy   test accuracy after the last epoch
 * @param bestAccuracy    highest test accuracy after any epoch
 * @param epochsTo        per threshold of {@link #THRESHOLDS}: epochs until test accuracy first reached it (NaN: not reached)
 * @param iterationsTo    the same in iterations (epochs.csv's {@code iterations} column at that epoch)
 * @param wallSeconds     whole run, evaluation included (NaN if the run has no summary)
 * @param outputDelta     {@code output_delta_norm} over the recorded iterations (empty cells left out; a
 *                        recorded NaN or infinity, as a diverged iteration writes, makes the mean NaN)
 * @param gradW           per layer, {@code grad_norm_l_W} over the recorded iterations, likewise
 * @param finalValidationAccuracy validation accuracy after the last epoch (epochs.csv); NaN without a validation split
 * @param bestValidationAccuracy  highest validation accuracy after any epoch; NaN without a validation split
 */
public record RunStats(double finalAccuracy, double bestAccuracy, double[] epochsTo, double[] iterationsTo,
                       double wallSeconds, Stats outputDelta, Stats[] gradW, double finalValidationAccuracy,
                       double bestValidationAccuracy) {
    public static final double[] THRESHOLDS = {0.90, 0.95, 0.97};

    public static RunStats of(RunData run) {
        RunData.Epochs e = run.epochs();
        double finalAcc = run.summaryFinalAccuracy();
        double bestAcc = run.summaryBestAccuracy();
        if (Double.isNaN(finalAcc) && e.size() > 0) finalAcc = e.testAccuracy()[e.size() - 1];
        if (Double.isNaN(bestAcc)) bestAcc = Stats.of(e.testAccuracy()).max();
        double[] epochsTo = new double[THRESHOLDS.length];
        double[] itersTo = new double[THRESHOLDS.length];
        for (int t = 0; t < THRESHOLDS.length; t++) {
            int row = firstReaching(e.testAccuracy(), THRESHOLDS[t]);
            epochsTo[t] = row < 0 ? Double.NaN : e.epoch()[row] + 1;
            itersTo[t] = row < 0 ? Double.NaN : e.iterations()[row];
        }
        RunData.Iterations it = run.iterations();
        Stats[] grads = new Stats[it.layers()];
        for (int l = 0; l < grads.length; l++) grads[l] = it.gradW()[l].stats();
        double finalVal = Double.NaN;
        double bestVal = Double.NaN;
        if (run.hasValidation() && e.size() > 0) {
            finalVal = e.validationAccuracy()[e.size() - 1];
            bestVal = Stats.of(e.validationAccuracy()).max();
        }
        return new RunStats(finalAcc, bestAcc, epochsTo, itersTo, run.wallSeconds(), it.outputDelta().stats(), grads, finalVal, bestVal);
    }

    /** Layer l's weight-gradient statistics; no values if the run has fewer layers. */
    Stats gradW(int layer) {
        return layer < gradW.length ? gradW[layer] : Stats.of();
    }

    /** Index of the first value >= threshold, or -1. */
    static int firstReaching(double[] accuracy, double threshold) {
        for (int i = 0; i < accuracy.length; i++) {
            if (accuracy[i] >= threshold) return i;
        }
        return -1;
    }
}
