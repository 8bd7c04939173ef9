package bplab.config;

import bplab.backprop.DeltaMode;
import bplab.backprop.OutputPair;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The output layers a config can name ({@code model.output}): a subset of the (activation,
 * loss) pairs that {@link OutputPair} accepts. {@code OutputPair} owns the pair rules (which
 * pairs are valid, and each one's output delta); this enum only names the pairs offered and
 * derives from it: every constant is checked against {@code OutputPair} when the class loads,
 * and {@link #pair} builds the hand-written engine's pair. The DL4J builder maps
 * {@link #activation()} and {@link #loss()} to DL4J's own. Pairs {@code OutputPair} rejects
 * (cross-entropy on identity or tanh outputs, which can be &lt;= 0) have no name here;
 * {@link #whyNotOffered} gives {@code OutputPair}'s reason for such a name.
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
        String why = OutputPair.rejection(activation.function(), loss.function());
        if (why != null) throw new IllegalStateException(activation + " + " + loss + " is not a valid output pair: " + why);
        this.activation = activation;
        this.loss = loss;
    }

    /** The hand-written engine's pair for this output, forming its delta by {@code mode}. */
    public OutputPair pair(DeltaMode mode) {
        return OutputPair.of(activation.function(), loss.function(), mode);
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
            return OutputPair.rejection(activation, loss);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
