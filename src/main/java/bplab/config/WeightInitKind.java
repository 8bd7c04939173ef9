package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How initial weights are drawn (see {@code bplab.init.ParameterInit}, which draws them for both engines). */
public enum WeightInitKind {
    /** Normal, std sqrt(2 / (fanIn + fanOut)), not truncated (DL4J's XAVIER). */
    @JsonProperty("xavier") XAVIER,
    /** Uniform in +-sqrt(6 / (fanIn + fanOut)) (DL4J's XAVIER_UNIFORM). */
    @JsonProperty("xavier_uniform") XAVIER_UNIFORM,
    /** Normal, std sqrt(2 / fanIn) (He; DL4J's RELU). */
    @JsonProperty("relu") RELU,
    /** Normal, std sqrt(1 / fanIn): Nielsen's chapter-3 default weight initializer (DL4J's LECUN_NORMAL). */
    @JsonProperty("lecun_normal") LECUN_NORMAL,
    /** Normal N(0, 1), Nielsen's chapter-1 network.py choice for weights. */
    @JsonProperty("normal_unit") NORMAL_UNIT
}
