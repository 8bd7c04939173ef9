package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Dtype {
    @JsonProperty("float") FLOAT,
    @JsonProperty("double") DOUBLE
}
