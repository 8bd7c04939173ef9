package bplab.config;

/**
 * Settings that only the hand-written engine reads.
 *
 * @param deltaRule how the output delta is formed (default dl4j: the rule that pairs with DL4J)
 */
public record HandwrittenConfig(DeltaRule deltaRule) {
    public HandwrittenConfig {
        deltaRule = Check.orDefault(deltaRule, DeltaRule.DL4J);
    }

    public static HandwrittenConfig defaults() {
        return new HandwrittenConfig(null);
    }
}
