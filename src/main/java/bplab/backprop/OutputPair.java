package bplab.backprop;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated (output activation, loss) pair and the rule for its output delta
 * delta^L = dL/dz^L = J_f(z^L)^T dL/da^L. This is the single place that decides which pairs are
 * allowed and how each forms its delta; the config's named outputs ({@code bplab.config.OutputConfig})
 * are a subset checked against it, and the table in docs/backprop.md section 7 is checked against
 * {@link #rejection} and {@link #deltaFormula} by a test.
 *
 * <p>Accepted: SIGMOID, SOFTMAX, IDENTITY, TANH, RELU with MSE or L2; SOFTMAX with MCXENT
 * (delta = p - y); SIGMOID with XENT (delta = a - y). Rejected:
 * <ul>
 *   <li>MCXENT or XENT with IDENTITY, TANH or RELU: these outputs can be &le; 0 (or &ge; 1), where
 *       log a (or log(1 - a)) is undefined, so the loss is not a likelihood.</li>
 *   <li>SIGMOID with MCXENT: -sum y log a only sees the target output; with independent sigmoids
 *       nothing pushes the other outputs down, and the loss is minimised by driving every output to
 *       1. Use XENT (independent Bernoulli outputs) or SOFTMAX+MCXENT (one class of n).</li>
 *   <li>SOFTMAX with XENT: binary cross-entropy treats each output as an independent Bernoulli
 *       probability, but softmax outputs are coupled (they sum to 1); the categorical likelihood is
 *       MCXENT. DL4J M2.1 is also inconsistent here: its score drops the (1 - y) log(1 - p) term for
 *       softmax while its gradient keeps it, so no gradient check can pass.</li>
 *   <li>SOFTMAX hidden layers are not an output matter: {@link Network} rejects them.</li>
 * </ul>
 *
 * @param activation output activation f
 * @param loss       per-example loss L
 * @param mode       how delta^L is computed
 */
public record OutputPair(Activation activation, Loss loss, DeltaMode mode) {

    public OutputPair {
        if (activation == null || loss == null || mode == null) {
            throw new IllegalArgumentException("activation, loss and mode must be non-null, found "
                    + activation + ", " + loss + ", " + mode);
        }
        String why = rejection(activation, loss);
        if (why != null) {
            throw new IllegalArgumentException("output pair " + activation + " + " + loss + " is rejected: " + why);
        }
    }

    /** The pair with {@link DeltaMode#SHORTCUT}; throws IllegalArgumentException for a rejected pair. */
    public static OutputPair of(Activation activation, Loss loss) {
        return new OutputPair(activation, loss, DeltaMode.SHORTCUT);
    }

    public static OutputPair of(Activation activation, Loss loss, DeltaMode mode) {
        return new OutputPair(activation, loss, mode);
    }

    /** True when the pair is accepted. */
    public static boolean isValid(Activation activation, Loss loss) {
        return rejection(activation, loss) == null;
    }

    /** Why a pair is rejected, or null when it is accepted. */
    public static String rejection(Activation activation, Loss loss) {
        boolean logLoss = loss == Loss.MCXENT || loss == Loss.XENT;
        if (logLoss && (activation == Activation.IDENTITY || activation == Activation.TANH
                || activation == Activation.RELU)) {
            return activation + " outputs can be <= 0" + (activation == Activation.RELU ? "" : " or >= 1")
                    + ", where the log in " + loss + " is undefined; " + loss
                    + " needs outputs in (0, 1) (use SIGMOID+XENT or SOFTMAX+MCXENT)";
        }
        if (activation == Activation.SIGMOID && loss == Loss.MCXENT) {
            return "-sum y log a ignores every output whose target is 0, so independent sigmoids are"
                    + " all driven to 1; use SIGMOID+XENT or SOFTMAX+MCXENT";
        }
        if (activation == Activation.SOFTMAX && loss == Loss.XENT) {
            return "binary cross-entropy treats outputs as independent Bernoulli probabilities but"
                    + " softmax outputs sum to 1 (DL4J's score and gradient also disagree for this pair);"
                    + " use SOFTMAX+MCXENT";
        }
        return null;
    }

    /** Every accepted (activation, loss) pair, in enum order, with {@link DeltaMode#SHORTCUT}. */
    public static List<OutputPair> validPairs() {
        List<OutputPair> pairs = new ArrayList<>();
        for (Activation f : Activation.values()) {
            for (Loss l : Loss.values()) {
                if (isValid(f, l)) {
                    pairs.add(of(f, l));
                }
            }
        }
        return List.copyOf(pairs);
    }

    /** True when the algebra of this pair collapses to a closed form. */
    public boolean hasShortcut() {
        return (activation == Activation.SOFTMAX && loss == Loss.MCXENT)
                || (activation == Activation.SIGMOID && loss == Loss.XENT);
    }

    /**
     * The delta formula as text, in the notation of the table in docs/backprop.md section 7:
     * {@code g .* f'} with {@code g = dL/da} and {@code n} outputs, {@code p .* (g - p.g)} for
     * softmax, the closed form where the algebra collapses.
     */
    public String deltaFormula() {
        if (activation == Activation.SOFTMAX && loss == Loss.MCXENT) {
            return "p - y";
        }
        if (activation == Activation.SIGMOID && loss == Loss.XENT) {
            return "a - y";
        }
        String out = activation == Activation.SOFTMAX ? "p" : "a";
        String g = switch (loss) {
            case MSE -> "2(" + out + "-y)/n";
            case L2 -> "2(" + out + "-y)";
            case MCXENT -> "-y/" + out;
            case XENT -> "(" + out + "-y)/(" + out + "(1-" + out + "))";
        };
        return switch (activation) {
            case SOFTMAX -> "p .* (g - p.g), g = " + g;
            case SIGMOID -> g + " .* a(1-a)";
            case TANH -> g + " .* (1-a^2)";
            case RELU -> g + " .* [z>0]";
            case IDENTITY -> g;
        };
    }

    /** delta^L = dL/dz^L for one example given z. */
    public double[] delta(double[] z, double[] y) {
        Activation.requireNonEmpty(z, "z");
        Activation.requireSameLength(z, y, "z", "y");
        double[] a = activation.forward(z);
        double[] delta = new double[z.length];
        delta(a, 0, y, 0, delta, 0, z.length);
        return delta;
    }

    /**
     * (1/B) sum_r ||dL/dz_r|| over B rows of pre-activations z (row-major [B][n]) and targets y,
     * without allocating per row; z is overwritten with a = f(z).
     */
    public double meanDeltaNorm(double[] z, double[] y, int rows) {
        if (rows < 1 || z.length % rows != 0 || y.length != z.length) {
            throw new IllegalArgumentException("z and y must hold " + rows + " equal rows, found lengths "
                    + z.length + " and " + y.length);
        }
        int n = z.length / rows;
        double[] delta = new double[n];
        double sum = 0.0;
        for (int r = 0; r < rows; r++) {
            activation.applyInPlace(z, r * n, n);
            delta(z, r * n, y, r * n, delta, 0, n);
            double sq = 0.0;
            for (double d : delta) sq += d * d;
            sum += Math.sqrt(sq);
        }
        return sum / rows;
    }

    /** delta row given the stored output a = f(z); delta must not alias a or y. */
    void delta(double[] a, int aOff, double[] y, int yOff, double[] delta, int dOff, int n) {
        boolean fused = hasShortcut() && (mode == DeltaMode.SHORTCUT
                || (mode == DeltaMode.DL4J && activation == Activation.SOFTMAX));
        if (fused) {
            // softmax+MCXENT: p - y; sigmoid+XENT: a - y (the J^T g product collapses, see docs/backprop.md)
            for (int j = 0; j < n; j++) {
                delta[dOff + j] = a[aOff + j] - y[yOff + j];
            }
            return;
        }
        // delta = J_f(z)^T dL/da, with dL/da written into delta first (backpropFromOutput may alias g and out)
        loss.gradient(a, aOff, y, yOff, delta, dOff, n, mode == DeltaMode.DL4J);
        activation.backpropFromOutput(a, aOff, delta, dOff, delta, dOff, n);
    }
}
