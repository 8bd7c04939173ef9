package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Activation functions, named as in the YAML. Softmax is for output layers only. */
public enum ActivationKind {
    @JsonProperty("sigmoid") SIGMOID,
    @JsonProperty("tanh") TANH,
    @JsonProperty("relu") RELU,
    @JsonProperty("identity") IDENTITY,
    @JsonProperty("softmax") SOFTMAX;

    /** The hand-written engine's function of the same name. */
    public bplab.backprop.Activation function() {
        return bplab.backprop.Activation.valueOf(name());
    }

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
