package backproplab.cli;

import backproplab.config.ConfigLoader;
import backproplab.config.RunConfig;
import backproplab.data.DataSplit;
import backproplab.train.RunDirectory;
import backproplab.train.RunSummary;
import backproplab.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a network on MNIST as a YAML config describes, recording per-layer gradient norms "
                + "every iteration and loss/accuracy every epoch into a new run directory.", ""},
        footer = {"", "The run directory (under logging.out_dir) receives: config.yaml (resolved), run.json (seed, "
                + "versions), iterations.csv, epochs.csv, confusion.csv, summary.json, model.zip, train.log.",
                "", "Example: train --config config/ce-softmax.yaml --set training.epochs=2"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML run config (see config/).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key, e.g. training.epochs=2 or model.hidden[0].units=30 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Write into this new directory instead of logging.out_dir/NAME-TIMESTAMP.")
    Path runDir;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (bar on a terminal, plain lines otherwise), bar, plain or none. Default: ${DEFAULT-VALUE}.")
    String progressMode;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RunConfig cfg = new ConfigLoader().load(config, overrides);
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        Path dir = RunDirectory.create(Path.of(cfg.logging().outDir()), cfg.name(), runDir);
        List<String> command = new ArrayList<>(List.of("train", "--config", config.toString()));
        for (String o : overrides) command.addAll(List.of("--set", o));
        out.printf(Locale.ROOT, "run %s: %s engine, %s, layers %s, %d train / %d test examples%s%n",
                dir, cfg.engine().name().toLowerCase(Locale.ROOT), cfg.model().output().yamlName(),
                java.util.Arrays.toString(cfg.model().layerSizes(784, 10)), data.train().size(), data.test().size(),
                data.hasValidation() ? " / " + data.validation().size() + " validation" : "");
        out.flush();
        RunSummary summary = new TrainingRun(Engines::create).run(cfg, data, dir, command, progress(out));
        printSummary(out, dir, summary);
        return ExitCodes.OK;
    }

    private ConsoleProgress progress(PrintWriter out) {
        return switch (progressMode) {
            case "auto" -> new ConsoleProgress(out, ConsoleProgress.stdoutIsTerminal());
            case "bar" -> new ConsoleProgress(out, true);
            case "plain" -> new ConsoleProgress(out, false);
            case "none" -> new ConsoleProgress(new PrintWriter(PrintWriter.nullWriter()), false);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--progress: found '" + progressMode + "', expected auto, bar, plain or none");
        };
    }

    static void printSummary(PrintWriter out, Path dir, RunSummary s) {
        out.printf(Locale.ROOT, "final test accuracy %.2f%% (best %.2f%% after epoch %d); %d epochs, %d iterations,"
                        + " wall %.1fs, training %,.0f examples/s%n",
                100 * s.finalTest().accuracy(), 100 * s.bestAccuracy(), s.bestEpoch() + 1, s.epochs().size(),
                s.iterations(), s.wallSeconds(), s.examplesPerSecond());
        out.print(ConfusionTable.format(s.finalTest()));
        out.printf("outputs in %s%n", dir);
        out.flush();
    }

}
