package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the hand-written engine forms the output delta dL/dz at the output layer. DL4J is not
 * affected: it always takes its own path.
 */
public enum DeltaRule {
    /**
     * What DL4J 1.0.0-M2.1 computes: the fused p - y for softmax + MCXENT, and J^T g with DL4J's
     * clipped dL/da everywhere else (for sigmoid + XENT that departs from a - y for |z| above about
     * 11.5). The default: it pairs number for number with a DL4J run.
     */
    @JsonProperty("dl4j") DL4J,
    /** The closed forms where the algebra collapses (softmax + MCXENT: p - y; sigmoid + XENT: a - y), else J^T g. */
    @JsonProperty("shortcut") SHORTCUT,
    /** Always the general rule J_f(z)^T dL/da with the exact, unclipped dL/da, on every minibatch. */
    @JsonProperty("jacobian") JACOBIAN
}
