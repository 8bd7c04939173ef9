package bplab.config;

/**
 * One hidden dense layer.
 *
 * @param units      number of units (1..100000)
 * @param activation sigmoid | tanh | relu | identity (default sigmoid)
 */
public record HiddenLayerConfig(Integer units, ActivationKind activation) {
    public HiddenLayerConfig {
        if (units == null) throw new ConfigException("units", "nothing", "a positive integer (units is required)");
        units = Check.positive("units", units, 0);
        if (units > 100_000) throw new ConfigException("units", units.toString(), "at most 100000");
        activation = Check.orDefault(activation, ActivationKind.SIGMOID);
        if (activation == ActivationKind.SOFTMAX) {
            throw new ConfigException("activation", "softmax", "sigmoid, tanh, relu or identity (softmax is for the output layer)");
        }
    }
}
