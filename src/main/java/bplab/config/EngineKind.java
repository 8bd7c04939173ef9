package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which implementation trains: DeepLearning4J, or the hand-written engine in bplab.backprop. */
public enum EngineKind {
    @JsonProperty("dl4j") DL4J,
    @JsonProperty("handwritten") HANDWRITTEN
}
