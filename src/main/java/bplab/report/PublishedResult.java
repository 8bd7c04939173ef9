package bplab.report;

import bplab.config.ActivationKind;
import bplab.config.LossKind;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A published MNIST test accuracy and the settings it came from (see
 * {@code /work/shared/reference/published-results.md} in the project notes). A run is put
 * beside a published result when its hidden layer widths are the same and its output
 * configuration is one of those the result's loss covers; augmentation is never used here,
 * so augmented results are listed but never matched.
 *
 * @param source    who and where
 * @param hidden    hidden layer widths
 * @param outputs   our output configurations that compute the same loss up to a constant factor (empty: any)
 * @param accuracy  test accuracy, 0..1
 * @param settings  what they trained with
 * @param matchable false for results with data augmentation or other settings we do not reproduce
 */
public record PublishedResult(String source, List<Integer> hidden, Set<OutputConfig> outputs, double accuracy,
                              String settings, boolean matchable) {
    private static final Set<OutputConfig> QUADRATIC = Set.of(OutputConfig.MSE_SIGMOID, OutputConfig.L2_SIGMOID);
    private static final Set<OutputConfig> ANY_MSE = Set.of(OutputConfig.MSE_SIGMOID, OutputConfig.L2_SIGMOID,
            OutputConfig.MSE_SOFTMAX, OutputConfig.MSE_IDENTITY, OutputConfig.MSE_TANH);

    public static final List<PublishedResult> ALL = List.of(
            new PublishedResult("Nielsen ch.1 (network.py)", List.of(30), QUADRATIC, 0.9542,
                    "sigmoid everywhere, quadratic cost 1/2 sum (a-y)^2, SGD eta 3.0, batch 10, 30 epochs, N(0,1) weights and biases, "
                            + "first 50,000 training images; peak of the best of three runs", true),
            new PublishedResult("Nielsen ch.1 (network.py)", List.of(100), QUADRATIC, 0.9659,
                    "as above with 100 hidden units", true),
            new PublishedResult("Nielsen ch.3 (network2.py)", List.of(30), Set.of(OutputConfig.XENT_SIGMOID), 0.955,
                    "sigmoid outputs, binary cross-entropy, eta 0.5, batch 10, 30 epochs; reported from memory, not re-verified", true),
            new PublishedResult("Nielsen ch.3 (network2.py)", List.of(100), Set.of(OutputConfig.XENT_SIGMOID), 0.968,
                    "as above with 100 hidden units; reported from memory, not re-verified", true),
            new PublishedResult("LeCun et al. 1998", List.of(300), ANY_MSE, 1 - 0.047,
                    "2-layer NN, 300 hidden units, mean square error; test error 4.7%", true),
            new PublishedResult("LeCun et al. 1998", List.of(1000), Set.of(), 1 - 0.045,
                    "2-layer NN, 1000 hidden units; test error 4.5%", true),
            new PublishedResult("LeCun et al. 1998", List.of(300, 100), Set.of(), 1 - 0.0305,
                    "3-layer NN, 300+100 hidden units; test error 3.05%", true),
            new PublishedResult("LeCun et al. 1998", List.of(500, 150), Set.of(), 1 - 0.0295,
                    "3-layer NN, 500+150 hidden units; test error 2.95%", true),
            new PublishedResult("Hinton 2005 (in LeCun's table)", List.of(500, 300), Set.of(OutputConfig.CE_SOFTMAX), 1 - 0.0153,
                    "3-layer NN, 500+300 hidden units, softmax + cross-entropy + weight decay; test error 1.53%", true),
            new PublishedResult("Simard et al. 2003", List.of(800), Set.of(OutputConfig.CE_SOFTMAX), 1 - 0.016,
                    "2-layer NN, 800 hidden units, cross-entropy, no augmentation; test error 1.6%", true),
            new PublishedResult("Simard et al. 2003", List.of(800), Set.of(OutputConfig.CE_SOFTMAX), 1 - 0.011,
                    "cross-entropy, affine distortions; test error 1.1%", false),
            new PublishedResult("Simard et al. 2003", List.of(800), ANY_MSE, 1 - 0.009,
                    "MSE, elastic distortions; test error 0.9%", false),
            new PublishedResult("Simard et al. 2003", List.of(800), Set.of(OutputConfig.CE_SOFTMAX), 1 - 0.007,
                    "cross-entropy, elastic distortions; test error 0.7%", false));

    /** The published results a run with this config stands beside. */
    public static List<PublishedResult> matching(RunConfig config) {
        List<Integer> hidden = config.model().hidden().stream().map(h -> h.units()).toList();
        return ALL.stream().filter(p -> p.matchable && p.hidden.equals(hidden)
                && (p.outputs.isEmpty() || p.outputs.contains(config.model().output()))).toList();
    }

    public String network() {
        StringBuilder sb = new StringBuilder("784");
        for (int h : hidden) sb.append('-').append(h);
        return sb.append("-10").toString();
    }

    /** Our settings in the same terms, e.g. "784-30-10 sigmoid, mse_sigmoid, sgd lr 15.0, batch 10, 30 epochs, ...". */
    public static String describe(RunConfig c) {
        StringBuilder sb = new StringBuilder("784");
        for (var h : c.model().hidden()) sb.append('-').append(h.units());
        sb.append("-10");
        List<ActivationKind> acts = c.model().hidden().stream().map(h -> h.activation()).distinct().toList();
        if (!acts.isEmpty()) sb.append(' ').append(String.join("/", acts.stream().map(ActivationKind::yamlName).toList()));
        var u = c.training().updater();
        sb.append(", ").append(c.model().output().yamlName());
        if (c.model().output().loss() == LossKind.MSE) sb.append(" (DL4J MSE: mean over 10 outputs, no 1/2)");
        sb.append(String.format(Locale.ROOT, ", %s lr %s", u.type().name().toLowerCase(Locale.ROOT), u.learningRate()));
        sb.append(", batch ").append(c.training().batchSize());
        sb.append(", ").append(c.training().epochs()).append(" epochs");
        sb.append(", ").append(c.model().weightInit().name().toLowerCase(Locale.ROOT)).append(" init");
        if (c.training().l2() > 0) sb.append(", l2 ").append(c.training().l2());
        int train = c.data().trainLimit() - c.data().validation();
        sb.append(String.format(Locale.ROOT, ", %d train / %d test images", train, c.data().testLimit()));
        sb.append(", ").append(c.engine().name().toLowerCase(Locale.ROOT));
        return sb.toString();
    }
}
