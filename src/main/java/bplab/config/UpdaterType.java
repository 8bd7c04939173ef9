package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum UpdaterType {
    @JsonProperty("sgd") SGD,
    @JsonProperty("nesterov") NESTEROV,
    @JsonProperty("adam") ADAM
}
