package bplab.cli;

import bplab.config.ActivationKind;
import bplab.config.Dtype;
import bplab.config.HiddenLayerConfig;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import bplab.report.Stats;
import bplab.speed.LayerSpeed.Engine;
import bplab.speed.LayerSpeed.Measurement;
import bplab.speed.LayerSpeedSummary;
import bplab.speed.SpeedRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "speed", mixinStandardHelpOptions = true,
        description = {"The speed of learning of each hidden layer just after initialisation: ||dC/db^l||, the Euclidean "
                + "norm of the gradient of the cost C with respect to hidden layer l's biases, where C is the mean loss over "
                + "the first N training images in file order (not shuffled), so dC/db^l is the mean of the per-example bias "
                + "gradients. The output layer is not reported.", ""},
        footer = {"", "Method: M. Nielsen, Neural Networks and Deep Learning, chapter 5, the per-layer gradient "
                + "norms at initialisation that show the vanishing gradient; his setup is sigmoid hidden layers, model.output=xent_sigmoid, model.weight_init=lecun_normal, "
                + "model.bias_init=normal_unit and N = 1000.",
                "", "For each seed and engine the network the config describes (hidden layers, activations, output, weight "
                + "and bias init) is built with that seed, so DL4J and the hand-written engine start from the same "
                + "parameters; nothing is trained. The computation is always in double precision, whatever model.dtype says "
                + "(the parameters are then drawn without rounding to float), so the two engines agree to rounding (1e-15 "
                + "relative or less). DL4J's gradient is the batch sum, divided by N here.",
                "", "Prints per engine and seed the speeds (0_b = first hidden layer), mean +- sample sd over seeds per "
                + "engine, and per seed the largest relative difference |s_dl4j - s_hand| / max(|s_dl4j|, |s_hand|) over "
                + "the hidden layers. Exit 1 if a speed is not finite.",
                "", "Example: speed --config config/ce-softmax.yaml --seeds 1,2,3,4,5 --set model.output=xent_sigmoid "
                + "--set model.weight_init=lecun_normal --set model.bias_init=normal_unit "
                + "--set \"model.hidden=[{units: 30}, {units: 30}, {units: 30}]\""})
final class SpeedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunConfigOptions run;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "1000",
            description = "Average the bias gradients of the first N training images (file order). Default: ${DEFAULT-VALUE}.")
    int examples;

    @Option(names = "--seeds", split = ",", paramLabel = "S",
            description = "Seeds, comma-separated, e.g. 1,2,3,4,5 (each draws the initial parameters). Default: the config's seed.")
    List<Long> seeds;

    @Option(names = "--engines", split = ",", paramLabel = "E", defaultValue = "dl4j,handwritten",
            description = "Engines, comma-separated: dl4j, handwritten. Default: ${DEFAULT-VALUE}.")
    List<String> engineNames;

    @Option(names = "--out", paramLabel = "FILE.csv",
            description = "Also write one row per engine and seed: engine,seed,examples,speed_0_b,... (unformatted).")
    Path csv;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (examples < 1) throw bad("--examples: found " + examples + ", expected a number >= 1");
        List<Engine> engines = engines();
        List<Long> seedList = seeds();
        RunConfig cfg = run.load();
        if (seedList == null) seedList = List.of(cfg.seed());
        SpeedRun speed = new SpeedRun(cfg);
        Dataset train = DataSplit.load(cfg.data(), Path.of("")).train();
        if (examples > train.size()) {
            throw bad("--examples: found " + examples + ", expected at most " + train.size()
                    + ", the training images of this config (data.train_limit " + cfg.data().trainLimit()
                    + ", data.validation " + cfg.data().validation() + ")");
        }
        int[] sizes = cfg.model().layerSizes(Dataset.FEATURES, Dataset.CLASSES);
        out.printf(Locale.ROOT, "speed: layers %s, hidden %s, output %s, weight_init %s, bias_init %s, double%s; "
                        + "first %d training images (file order)%n",
                Arrays.toString(sizes), cfg.model().hidden().stream().map(HiddenLayerConfig::activation)
                        .map(ActivationKind::yamlName).collect(Collectors.joining(",")),
                cfg.model().output().yamlName(), yaml(cfg.model().weightInit()), yaml(cfg.model().biasInit()),
                cfg.model().dtype() == Dtype.DOUBLE ? "" : " (the config's dtype float is ignored)", examples);
        out.flush();

        int layers = sizes.length - 2;
        out.println("||dC/db^l|| per hidden layer (0_b = first hidden layer):");
        out.println(header("engine", "seed", layers));
        LayerSpeedSummary summary = speed.run(train, engines, seedList, examples, csv, m -> {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s %6d", m.engine().label(), m.seed()));
            for (double s : m.speeds()) row.append(String.format(Locale.ROOT, " %12.4e", s));
            out.println(row);
            out.flush();
        });
        out.println();
        out.printf(Locale.ROOT, "mean +- sample sd over %d seed%s:%n", seedList.size(), seedList.size() == 1 ? "" : "s");
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-12s", "engine"));
        for (int l = 0; l < layers; l++) h.append(String.format(Locale.ROOT, " %21s", l + "_b"));
        out.println(h);
        for (Map.Entry<Engine, Stats[]> e : summary.perEngine().entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s", e.getKey().label()));
            for (Stats s : e.getValue()) {
                String cell = Double.isNaN(s.sd()) ? String.format(Locale.ROOT, "%.4g", s.mean())
                        : String.format(Locale.ROOT, "%.4g +- %.2g", s.mean(), s.sd());
                row.append(String.format(Locale.ROOT, " %21s", cell));
            }
            out.println(row);
        }
        if (!summary.agreements().isEmpty()) {
            out.println();
            out.println("engines, same seed: largest |s_dl4j - s_hand| / max(|s_dl4j|, |s_hand|) over the hidden layers");
            out.printf(Locale.ROOT, "%6s %14s %6s%n", "seed", "max rel diff", "at");
            for (LayerSpeedSummary.Agreement a : summary.agreements()) {
                out.printf(Locale.ROOT, "%6d %14.3e %6s%n", a.seed(), a.maxRelativeDifference(), a.layer() + "_b");
            }
            out.printf(Locale.ROOT, "largest over seeds: %.3e%n", summary.worstAgreement());
        }
        if (csv != null) out.println("rows in " + csv);
        out.flush();
        for (Measurement m : summary.measurements()) {
            int l = m.firstNonFinite();
            if (l >= 0) {
                spec.commandLine().getErr().printf(Locale.ROOT, "error: %s, seed %d: the speed of hidden layer %d_b is %s, "
                        + "expected a finite number%n", m.engine().label(), m.seed(), l, m.speeds()[l]);
                return ExitCodes.RUNTIME_FAILURE;
            }
        }
        return ExitCodes.OK;
    }

    private List<Engine> engines() {
        List<Engine> list = new ArrayList<>();
        for (String name : engineNames) {
            Engine e = Engine.byLabel(name.trim());
            if (e == null) throw bad("--engines: found '" + name + "', expected dl4j or handwritten");
            if (list.contains(e)) throw bad("--engines: found '" + name + "' twice, expected each engine at most once");
            list.add(e);
        }
        if (list.isEmpty()) throw bad("--engines: found none, expected dl4j, handwritten or both");
        return list;
    }

    private List<Long> seeds() {
        if (seeds == null) return null;
        if (seeds.isEmpty()) throw bad("--seeds: found none, expected one or more seeds, e.g. 1,2,3");
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw bad("--seeds: found " + seeds + ", expected each seed at most once");
        }
        return List.copyOf(seeds);
    }

    private static String header(String first, String second, int layers) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-12s %6s", first, second));
        for (int l = 0; l < layers; l++) h.append(String.format(Locale.ROOT, " %12s", l + "_b"));
        return h.toString();
    }

    private static String yaml(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
