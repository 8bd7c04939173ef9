package bplab.backprop;

/**
 * How the output delta dL/dz^L is computed.
 *
 * <ul>
 *   <li>{@link #SHORTCUT}: the fused closed form where the pair has one (softmax+MCXENT: p - y;
 *       sigmoid+XENT: a - y), otherwise J^T dL/da.</li>
 *   <li>{@link #JACOBIAN}: always J_f(z)^T dL/da with the exact (unclipped) dL/da, the textbook rule.
 *       Where dL/da is infinite (a softmax probability of a target class that underflowed to 0; a
 *       sigmoid output rounded to exactly 0 or 1 under XENT) the product is 0 * infinity and
 *       {@link Network} throws {@link UndefinedDeltaException} instead of returning NaN.</li>
 *   <li>{@link #DL4J}: what DL4J 1.0.0-M2.1 does: fused p - y for softmax+MCXENT, and the general rule
 *       with DL4J's clipped dL/da everywhere else. For sigmoid+XENT this differs from a - y once
 *       sigmoid(z) leaves [1e-5, 1 - 1e-5] (|z| &gt; ~11.5): DL4J's delta there is
 *       (c - y) s'(z) / (c (1 - c)) with c clipped, which is much smaller than a - y.</li>
 * </ul>
 */
public enum DeltaMode {
    SHORTCUT,
    JACOBIAN,
    DL4J
}
