package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How initial biases are drawn (see {@code bplab.init.ParameterInit}). */
public enum BiasInitKind {
    /** Every bias 0 (DL4J's default). */
    @JsonProperty("zero") ZERO,
    /** Normal N(0, 1), Nielsen's choice for biases in chapters 1 and 3. */
    @JsonProperty("normal_unit") NORMAL_UNIT
}
