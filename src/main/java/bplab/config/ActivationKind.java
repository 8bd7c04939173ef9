package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Activation functions, named as in the YAML. Softmax is for output layers only. */
public enum ActivationKind {
    @JsonProperty("sigmoid") SIGMOID,
    @JsonProperty("tanh") TANH,
    @JsonProperty("relu") RELU,
    @JsonProperty("identity") IDENTITY,
    @JsonProperty("softmax") SOFTMAX;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
