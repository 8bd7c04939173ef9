package bplab.compare;

import java.util.List;

/**
 * The outcome of a lockstep comparison.
 *
 * @param iterations      iterations compared
 * @param parameters      per parameter ("0_W", "0_b", ...): the worst gradient relative error and
 *                        where it happened, and the largest parameter difference seen
 * @param worstLossError  largest relative difference between the two engines' minibatch losses
 * @param firstViolation  the first (iteration, parameter) whose relative error exceeded the
 *                        tolerance, or null
 */
public record LockstepResult(long iterations, List<ParameterAgreement> parameters, double worstLossError,
                             double tolerance, Violation firstViolation) {

    public record ParameterAgreement(String name, double worstRelativeError, long worstIteration,
                                     double maxParamDiff, double finalParamDiff) {}

    public record Violation(long iteration, String parameter, double relativeError) {}

    public boolean passed() {
        return firstViolation == null;
    }
}
