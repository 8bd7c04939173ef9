package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum DatasetKind {
    @JsonProperty("mnist") MNIST("data/mnist", "digit", java.util.List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    @JsonProperty("fashion_mnist") FASHION_MNIST("data/fashion-mnist", "class", java.util.List.of("T-shirt/top",
            "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));

    private final String defaultDir;
    private final String classNoun;
    private final java.util.List<String> classNames;

    DatasetKind(String defaultDir, String classNoun, java.util.List<String> classNames) {
        this.defaultDir = defaultDir;
        this.classNoun = classNoun;
        this.classNames = classNames;
    }

    /** What one class is called: digit, or class. */
    public String classNoun() {
        return classNoun;
    }

    /** The name of each class label 0-9. */
    public java.util.List<String> classNames() {
        return classNames;
    }

    public String defaultDir() {
        return defaultDir;
    }
}
