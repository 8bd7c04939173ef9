package bplab.report;

import bplab.config.ActivationKind;
import bplab.config.BiasInitKind;
import bplab.config.DatasetKind;
import bplab.config.LossKind;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A published MNIST accuracy, the split it was measured on and the settings it came from. Every
 * entry is one of the verified figures of the project notes' {@code published-results.md}
 * (Nielsen chapters 1, 3 and 5, LeCun et al. 1998, Simard et al. 2003); nothing else is listed.
 * A run is put beside a published result when it trained on MNIST, its hidden layer widths (and
 * so its depth) are the same, its output configuration is one of those the result's loss covers
 * and, for Nielsen's results, its L2 strength is his lmbda; augmentation is never used here, so
 * augmented results are listed but never matched. The other settings (learning rate, batch size,
 * epochs, initialisation) are not matched: {@link #settings} and {@link #describe} show them side by
 * side so readers can judge.
 *
 * @param source    who and where
 * @param hidden    hidden layer widths, first hidden layer first
 * @param outputs   our output configurations that compute the same loss up to a constant factor (empty: any)
 * @param lmbda     Nielsen's L2 strength lmbda (his weight step gains (lmbda / n) w, n = training images, which is
 *                  DL4J's {@code l2 = lmbda / n}); a run matches when its {@code l2 * n} is lmbda within 1% (0: no L2).
 *                  null: not matched on L2 (the source does not give it in these terms)
 * @param split     what the accuracy was measured on: the test set, or the validation set held out of the training images
 * @param accuracy  accuracy on that split, 0..1
 * @param settings  what they trained with
 * @param matchable false for results with data augmentation or other settings we do not reproduce
 */
public record PublishedResult(String source, List<Integer> hidden, Set<OutputConfig> outputs, Double lmbda, Split split,
                              double accuracy, String settings, boolean matchable) {

    /** The data an accuracy was measured on. */
    public enum Split {
        TEST, VALIDATION;

        /** As tables show it: {@code test}, {@code validation}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Set<OutputConfig> QUADRATIC = Set.of(OutputConfig.MSE_SIGMOID, OutputConfig.L2_SIGMOID);
    private static final Set<OutputConfig> ANY_MSE = Set.of(OutputConfig.MSE_SIGMOID, OutputConfig.L2_SIGMOID,
            OutputConfig.MSE_SOFTMAX, OutputConfig.MSE_IDENTITY, OutputConfig.MSE_TANH);
    private static final Set<OutputConfig> XENT = Set.of(OutputConfig.XENT_SIGMOID);
    private static final Set<OutputConfig> CE = Set.of(OutputConfig.CE_SOFTMAX);
    private static final Set<OutputConfig> ANY = Set.of();
    private static final Double NO_L2 = 0.0;
    private static final Double NIELSEN_L2 = 5.0;

    private static final String CH1 = "Nielsen ch.1 (network.py)";
    private static final String CH1_SETTINGS = "sigmoid everywhere, quadratic cost C = 1/2 sum (a-y)^2, SGD eta 3.0, minibatch 10, "
            + "30 epochs, weights and biases N(0,1), no regularisation; trained on the first 50,000 training images";
    private static final String CH3 = "Nielsen ch.3 (network2.py)";
    private static final String CH3_SETTINGS = "sigmoid everywhere, cross-entropy on sigmoid outputs (delta = a - y), "
            + "large_weight_initializer (weights and biases N(0,1)), SGD eta 0.5, minibatch 10, 30 epochs";
    private static final String CH5 = "Nielsen ch.5 (network2.py)";
    private static final String CH5_SETTINGS = "network2.py defaults: sigmoid everywhere, cross-entropy on sigmoid outputs, "
            + "weights N(0, 1/n_in), biases N(0,1); SGD eta 0.1, minibatch 10, 30 epochs, L2 lmbda 5.0; "
            + "trained on the first 50,000 training images, measured on the other 10,000 (validation)";
    private static final String LECUN = "LeCun et al. 1998 (MNIST table)";
    private static final String SIMARD = "Simard et al. 2003";

    public static final List<PublishedResult> ALL = List.of(
            new PublishedResult(CH1, List.of(30), QUADRATIC, NO_L2, Split.TEST, 0.9542,
                    CH1_SETTINGS + "; peak of the best of three runs (9129/10000 after epoch 0)", true),
            new PublishedResult(CH1, List.of(100), QUADRATIC, NO_L2, Split.TEST, 0.9659,
                    CH1_SETTINGS + "; 100 hidden units", true),
            new PublishedResult(CH3, List.of(30), XENT, NO_L2, Split.TEST, 0.9549,
                    CH3_SETTINGS + ", no regularisation", true),
            new PublishedResult(CH3, List.of(100), XENT, NO_L2, Split.TEST, 0.9682,
                    CH3_SETTINGS + ", no regularisation; 100 hidden units", true),
            new PublishedResult(CH3, List.of(30), XENT, NIELSEN_L2, Split.TEST, 0.9649,
                    CH3_SETTINGS + ", L2 lmbda 5.0", true),
            new PublishedResult(CH3, List.of(100), XENT, NIELSEN_L2, Split.VALIDATION, 0.9792,
                    CH3_SETTINGS + ", L2 lmbda 5.0; 100 hidden units; measured on the validation data", true),
            new PublishedResult(CH3, List.of(100), XENT, NIELSEN_L2, Split.VALIDATION, 0.9804,
                    "sigmoid everywhere, cross-entropy on sigmoid outputs, large_weight_initializer (weights and biases N(0,1)), "
                            + "SGD eta 0.1, minibatch 10, 60 epochs, L2 lmbda 5.0; 100 hidden units; measured on the validation data", true),
            new PublishedResult(CH5, List.of(30), XENT, NIELSEN_L2, Split.VALIDATION, 0.9648,
                    CH5_SETTINGS + "; 1 hidden layer of 30", true),
            new PublishedResult(CH5, List.of(30, 30), XENT, NIELSEN_L2, Split.VALIDATION, 0.9690,
                    CH5_SETTINGS + "; 2 hidden layers of 30", true),
            new PublishedResult(CH5, List.of(30, 30, 30), XENT, NIELSEN_L2, Split.VALIDATION, 0.9657,
                    CH5_SETTINGS + "; 3 hidden layers of 30", true),
            new PublishedResult(CH5, List.of(30, 30, 30, 30), XENT, NIELSEN_L2, Split.VALIDATION, 0.9653,
                    CH5_SETTINGS + "; 4 hidden layers of 30", true),
            new PublishedResult(LECUN, List.of(300), ANY_MSE, null, Split.TEST, 1 - 0.047,
                    "2-layer NN, 300 hidden units, mean square error; test error 4.7% (as copies of the table read it)", true),
            new PublishedResult(LECUN, List.of(1000), ANY, null, Split.TEST, 1 - 0.045,
                    "2-layer NN, 1000 hidden units; test error 4.5%", true),
            new PublishedResult(LECUN, List.of(300, 100), ANY, null, Split.TEST, 1 - 0.0305,
                    "3-layer NN, 300+100 hidden units; test error 3.05%", true),
            new PublishedResult(LECUN, List.of(500, 150), ANY, null, Split.TEST, 1 - 0.0295,
                    "3-layer NN, 500+150 hidden units; test error 2.95%", true),
            new PublishedResult("Hinton 2005 (in LeCun et al.'s MNIST table)", List.of(500, 300), CE, null, Split.TEST, 1 - 0.0153,
                    "3-layer NN, 500+300 hidden units, softmax + cross-entropy + weight decay; test error 1.53%", true),
            new PublishedResult(SIMARD, List.of(800), CE, null, Split.TEST, 1 - 0.016,
                    "2-layer NN, 800 hidden units, cross-entropy, no augmentation; test error 1.6%", true),
            new PublishedResult(SIMARD, List.of(800), CE, null, Split.TEST, 1 - 0.011,
                    "2-layer NN, 800 hidden units, cross-entropy, affine distortions; test error 1.1%", false),
            new PublishedResult(SIMARD, List.of(800), ANY_MSE, null, Split.TEST, 1 - 0.009,
                    "2-layer NN, 800 hidden units, MSE, elastic distortions; test error 0.9%", false),
            new PublishedResult(SIMARD, List.of(800), CE, null, Split.TEST, 1 - 0.007,
                    "2-layer NN, 800 hidden units, cross-entropy, elastic distortions; test error 0.7%", false));

    /** The published results a run with this config stands beside, in the order of {@link #ALL}. */
    public static List<PublishedResult> matching(RunConfig config) {
        if (config.data().dataset() != DatasetKind.MNIST) return List.of();
        List<Integer> hidden = config.model().hidden().stream().map(h -> h.units()).toList();
        return ALL.stream().filter(p -> p.matchable && p.hidden.equals(hidden)
                && (p.outputs.isEmpty() || p.outputs.contains(config.model().output()))
                && (p.lmbda == null || sameL2(p.lmbda, config))).toList();
    }

    /** Whether the run's L2 is Nielsen's lmbda: {@code l2 * n} within 1% of lmbda, n the training images (0 only with 0). */
    static boolean sameL2(double lmbda, RunConfig config) {
        double runLmbda = config.training().l2() * trainImages(config);
        return lmbda == 0 ? runLmbda == 0 : Math.abs(runLmbda - lmbda) <= 0.01 * lmbda;
    }

    private static int trainImages(RunConfig c) {
        return c.data().trainLimit() - c.data().validation();
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
        if (c.model().biasInit() != BiasInitKind.ZERO) {
            sb.append(", ").append(c.model().biasInit().name().toLowerCase(Locale.ROOT)).append(" biases");
        }
        if (c.training().l2() > 0) {
            sb.append(String.format(Locale.ROOT, ", l2 %s (= lmbda %.4g / n %,d)", c.training().l2(),
                    c.training().l2() * trainImages(c), trainImages(c)));
        }
        if (c.data().dataset() != DatasetKind.MNIST) sb.append(", ").append(c.data().dataset().name().toLowerCase(Locale.ROOT));
        sb.append(String.format(Locale.ROOT, ", %d train", trainImages(c)));
        if (c.data().validation() > 0) sb.append(String.format(Locale.ROOT, " / %d validation", c.data().validation()));
        sb.append(String.format(Locale.ROOT, " / %d test images", c.data().testLimit()));
        sb.append(", ").append(c.engine().name().toLowerCase(Locale.ROOT));
        return sb.toString();
    }
}
