package bplab.compare;

import bplab.compare.LockstepResult.Quantity;
import bplab.config.Dtype;

/**
 * The largest disagreement {@code compare} accepts, per quantity.
 *
 * @param gradient  relative error {@code ||g_dl4j - g_hand|| / max(||g_dl4j||, ||g_hand||)} of one
 *                  parameter array's minibatch-mean gradient
 * @param loss      relative error {@code |L_dl4j - L_hand| / max(|L_dl4j|, |L_hand|)} of the minibatch loss
 * @param parameter largest absolute difference of any parameter after the update
 */
public record Tolerances(double gradient, double loss, double parameter) {
    public Tolerances {
        positive("gradient", gradient);
        positive("loss", loss);
        positive("parameter", parameter);
    }

    private static void positive(String what, double v) {
        if (!(v > 0)) throw new IllegalArgumentException(what + " tolerance: found " + v + ", expected a number > 0");
    }

    /**
     * Defaults with a margin over what the two engines give on one epoch of the shipped configs
     * (README, "Comparing the engines"). Double: gradients 9.1e-13, losses 2.7e-13, parameters
     * 7.6e-14 at worst. Float: the engines round differently and drift apart, by an amount that
     * depends on the trajectory; the worst epoch measured (mse-sigmoid) reached gradients 2.4e-3,
     * losses 9.1e-4 and parameters 4.5e-4.
     */
    public static Tolerances defaults(Dtype dtype) {
        return dtype == Dtype.DOUBLE ? new Tolerances(1e-10, 1e-10, 1e-10) : new Tolerances(1e-2, 1e-2, 5e-3);
    }

    public double of(Quantity q) {
        return switch (q) {
            case GRADIENT -> gradient;
            case LOSS -> loss;
            case PARAMETER -> parameter;
        };
    }
}
