package bplab.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The output layer: an activation and a loss, as one closed choice. This is the single
 * place that pairs them; the DL4J builder and the hand-written engine both map from here.
 * Pairs whose loss is undefined for the activation's range (cross-entropy on identity or
 * tanh outputs, which can be &lt;= 0) have no name here, so they cannot be configured.
 */
public enum OutputConfig {
    /** Softmax + categorical cross-entropy: delta = p - y. */
    @JsonProperty("ce_softmax") CE_SOFTMAX(ActivationKind.SOFTMAX, LossKind.MCXENT),
    /** Sigmoid + MSE, the MATLAB/Nielsen ch.1 setup: delta = 2(a - y)/nOut .* sigma'(z). */
    @JsonProperty("mse_sigmoid") MSE_SIGMOID(ActivationKind.SIGMOID, LossKind.MSE),
    /** Softmax + MSE: delta = J_softmax^T (2(p - y)/nOut), a full Jacobian-vector product. */
    @JsonProperty("mse_softmax") MSE_SOFTMAX(ActivationKind.SOFTMAX, LossKind.MSE),
    /** Identity + MSE (linear regression onto one-hot targets). */
    @JsonProperty("mse_identity") MSE_IDENTITY(ActivationKind.IDENTITY, LossKind.MSE),
    /** Tanh + MSE. */
    @JsonProperty("mse_tanh") MSE_TANH(ActivationKind.TANH, LossKind.MSE),
    /** Sigmoid + sum of squares (no 1/nOut): Nielsen's quadratic cost times 2. */
    @JsonProperty("l2_sigmoid") L2_SIGMOID(ActivationKind.SIGMOID, LossKind.L2),
    /** Sigmoid + binary cross-entropy per output (Nielsen ch.3): delta = a - y. */
    @JsonProperty("xent_sigmoid") XENT_SIGMOID(ActivationKind.SIGMOID, LossKind.XENT);

    private final ActivationKind activation;
    private final LossKind loss;

    OutputConfig(ActivationKind activation, LossKind loss) {
        this.activation = activation;
        this.loss = loss;
    }

    public ActivationKind activation() {
        return activation;
    }

    public LossKind loss() {
        return loss;
    }

    /**
     * For a name shaped like LOSS_ACTIVATION that is not offered (e.g. ce_tanh), the reason the
     * pair makes no sense, from the hand-written engine's pair rules; null otherwise.
     */
    public static String whyNotOffered(String name) {
        int cut = name.indexOf('_');
        if (cut <= 0) return null;
        bplab.backprop.Loss loss = switch (name.substring(0, cut)) {
            case "ce", "mcxent" -> bplab.backprop.Loss.MCXENT;
            case "mse" -> bplab.backprop.Loss.MSE;
            case "l2" -> bplab.backprop.Loss.L2;
            case "xent", "bce" -> bplab.backprop.Loss.XENT;
            default -> null;
        };
        if (loss == null) return null;
        try {
            bplab.backprop.Activation activation =
                    bplab.backprop.Activation.valueOf(name.substring(cut + 1).toUpperCase(java.util.Locale.ROOT));
            return bplab.backprop.OutputPair.rejection(activation, loss);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
