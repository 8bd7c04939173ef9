package bplab.report;

import java.util.BitSet;

/**
 * How fast each hidden layer of one run learns, in Nielsen's sense (chapter 5): the speed of
 * hidden layer l is {@code ‖dC/db^l‖}, the L2 norm of the bias gradient, iterations.csv's
 * {@code grad_norm_{l}_b} (the minibatch-mean gradient, no L2 term: biases have none). The output
 * layer is left out. The ratio first / last hidden layer says how unstable the gradient is:
 * below 1 the early layers learn more slowly than the later ones (vanishing gradient), above 1
 * faster (exploding).
 *
 * @param bias           per hidden layer (0 = first), {@code grad_norm_{l}_b} over the recorded iterations
 *                       (empty cells left out; a recorded NaN or infinity makes the mean NaN, as in {@link Stats})
 * @param ratio          one value: mean of the first hidden layer's norm / mean of the last hidden layer's
 *                       (no value if either layer recorded nothing; non-finite if either mean is)
 * @param initIteration  the first iteration at which both the first and the last hidden layer's norm were
 *                       recorded (0 unless gradient statistics started later); NaN if there is none
 * @param initRatio      one value: the same ratio at {@code initIteration}, i.e. at the initial parameters
 *                       when that is iteration 0 (the gradient is taken before the update)
 */
public record HiddenLayerSpeeds(Stats[] bias, Stats ratio, double initIteration, Stats initRatio) {

    /** For a run with at least one hidden layer; with one, both ratios are 1 (or not finite). */
    public static HiddenLayerSpeeds of(RunData run) {
        int hidden = run.hiddenLayers();
        if (hidden < 1) throw new IllegalArgumentException(run.dir() + ": no hidden layer; expected at least one");
        RunData.Column[] b = run.iterations().gradB();
        Stats[] bias = new Stats[hidden];
        for (int l = 0; l < hidden; l++) bias[l] = b[l].stats();
        Stats first = bias[0];
        Stats last = bias[hidden - 1];
        Stats ratio = first.n() == 0 || last.n() == 0 ? none() : one(first.mean() / last.mean(), first.hasNonFinite() || last.hasNonFinite());

        RunData.Column f = b[0];
        RunData.Column g = b[hidden - 1];
        double initIteration = Double.NaN;
        Stats initRatio = none();
        for (int i = 0; i < f.size(); i++) {
            if (f.empty().get(i) || g.empty().get(i)) continue;
            initIteration = run.iterations().iteration()[i];
            double x = f.values()[i];
            double y = g.values()[i];
            initRatio = one(x / y, !Double.isFinite(x) || !Double.isFinite(y));
            break;
        }
        return new HiddenLayerSpeeds(bias, ratio, initIteration, initRatio);
    }

    public int hiddenLayers() {
        return bias.length;
    }

    /** Hidden layer l's statistics; no values if the run has fewer hidden layers. */
    Stats bias(int layer) {
        return layer < bias.length ? bias[layer] : Stats.of();
    }

    /** A single recorded value (non-finite if {@code notFinite} or the quotient is not finite, e.g. x / 0). */
    private static Stats one(double v, boolean notFinite) {
        return Stats.ofRecorded(new double[] {notFinite ? Double.NaN : v}, new BitSet(1));
    }

    /** No value. */
    private static Stats none() {
        BitSet missing = new BitSet(1);
        missing.set(0);
        return Stats.ofRecorded(new double[] {Double.NaN}, missing);
    }
}
