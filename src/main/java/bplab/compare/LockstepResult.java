package bplab.compare;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a lockstep comparison.
 *
 * @param iterations iterations compared
 * @param parameters per parameter array ("0_W", "0_b", ...): the worst gradient relative error and
 *                   where it happened, and the parameter differences
 * @param checks     one per {@link Quantity}, in that order: the worst value seen, the tolerance, and
 *                   the first violation if there was one
 */
public record LockstepResult(long iterations, List<ParameterAgreement> parameters, List<Check> checks) {

    /** What is compared after every iteration. */
    public enum Quantity {
        /** Per parameter array, ||g_dl4j - g_hand|| / max(||g_dl4j||, ||g_hand||) of the minibatch-mean gradients. */
        GRADIENT("gradient rel err"),
        /** |L_dl4j - L_hand| / max(|L_dl4j|, |L_hand|) of the minibatch losses. */
        LOSS("loss rel err"),
        /** Per parameter array, max |p_dl4j - p_hand| after the update. */
        PARAMETER("param max |diff|");

        private final String label;

        Quantity(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public LockstepResult {
        parameters = List.copyOf(parameters);
        checks = List.copyOf(checks);
        if (checks.size() != Quantity.values().length) throw new IllegalArgumentException("expected one check per quantity, got " + checks.size());
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).quantity() != Quantity.values()[i]) throw new IllegalArgumentException("checks out of order: " + checks);
        }
    }

    public record ParameterAgreement(String name, double worstRelativeError, long worstIteration, double maxParamDiff,
                                     long maxParamDiffIteration, double finalParamDiff) {}

    /**
     * The first iteration at which {@code quantity} exceeded its tolerance (or was NaN).
     *
     * @param parameter the parameter array ("1_b"), or null for the loss
     */
    public record Violation(long iteration, Quantity quantity, String parameter, double value, double tolerance) {}

    /**
     * One quantity over the whole comparison.
     *
     * @param worst          the largest value seen (NaN if any was NaN)
     * @param worstIteration where it was seen
     * @param worstParameter which parameter array, or null for the loss
     * @param firstViolation null if every value was within the tolerance
     */
    public record Check(Quantity quantity, double tolerance, double worst, long worstIteration, String worstParameter,
                        Violation firstViolation) {
        public boolean passed() {
            return firstViolation == null;
        }
    }

    public Check check(Quantity quantity) {
        return checks.get(quantity.ordinal());
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The first violation of each failed check, earliest first (gradient before loss before parameters within an iteration). */
    public List<Violation> violations() {
        return checks.stream().map(Check::firstViolation).filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(Violation::iteration).thenComparing(Violation::quantity)).toList();
    }

    /** The earliest violation of any check, or null if all passed. */
    public Violation firstViolation() {
        List<Violation> v = violations();
        return v.isEmpty() ? null : v.get(0);
    }
}
