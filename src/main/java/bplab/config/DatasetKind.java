package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum DatasetKind {
    @JsonProperty("mnist") MNIST("data/mnist"),
    @JsonProperty("fashion_mnist") FASHION_MNIST("data/fashion-mnist");

    private final String defaultDir;

    DatasetKind(String defaultDir) {
        this.defaultDir = defaultDir;
    }

    public String defaultDir() {
        return defaultDir;
    }
}
