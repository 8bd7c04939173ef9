package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Weight initialisation; biases always start at 0. */
public enum WeightInitKind {
    /** Normal, std sqrt(2 / (fanIn + fanOut)) (DL4J's XAVIER). */
    @JsonProperty("xavier") XAVIER,
    /** Uniform in +-sqrt(6 / (fanIn + fanOut)). */
    @JsonProperty("xavier_uniform") XAVIER_UNIFORM,
    /** Normal, std sqrt(2 / fanIn) (He). */
    @JsonProperty("relu") RELU,
    /** Normal N(0, 1), Nielsen's network.py choice for weights. */
    @JsonProperty("normal_unit") NORMAL_UNIT
}
