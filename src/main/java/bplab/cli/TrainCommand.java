package bplab.cli;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
import bplab.train.RunDirectory;
import bplab.train.RunSummary;
import bplab.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a network on MNIST as a YAML config describes, recording per-layer gradient norms "
                + "every iteration and loss/accuracy every epoch into a new run directory.", ""},
        footer = {"", "The run directory (under logging.out_dir) receives: config.yaml (resolved), run.json (seed, "
                + "versions), iterations.csv, epochs.csv, confusion.csv, summary.json, model.zip, train.log; with --ui also "
                + "ui-stats.bin (reopen with: ui RUN_DIR).",
                "", "Example: train --config config/ce-softmax.yaml --set training.epochs=2"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML run config (see config/).")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted run from its last checkpoint, with the config it was started with.")
    Path resume;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key, e.g. training.epochs=2 or model.hidden[0].units=30 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Write into this new directory instead of logging.out_dir/NAME-TIMESTAMP.")
    Path runDir;

    @Mixin
    Watching.Options ui;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (bar on a terminal, plain lines otherwise), bar, plain or none. Default: ${DEFAULT-VALUE}.")
    String progressMode;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if ((config == null) == (resume == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "train needs exactly one of --config FILE (a new run) or --resume RUN_DIR (continue one)");
        }
        ui.validate();
        try (Interrupts interrupts = Interrupts.install()) {
            return resume != null ? resume(out, interrupts) : fresh(out, interrupts);
        }
    }

    private int fresh(PrintWriter out, Interrupts interrupts) throws IOException {
        RunConfig cfg = new ConfigLoader().load(config, overrides);
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        // the UI starts before the run directory exists: a port in use leaves nothing behind
        try (Watching watching = Watching.start(cfg.logging().ui(), ui, null, out)) {
            Path dir = RunDirectory.create(Path.of(cfg.logging().outDir()), cfg.name(), runDir);
            List<String> command = new ArrayList<>(List.of("train", "--config", config.toString()));
            for (String o : overrides) command.addAll(List.of("--set", o));
            describe(out, "run", dir, cfg, data);
            RunSummary summary = training(interrupts, watching).run(cfg, data, dir, command, progress(out));
            printSummary(out, dir, summary, cfg.data().dataset());
            watching.finished(out);
            return ExitCodes.OK;
        }
    }

    private int resume(PrintWriter out, Interrupts interrupts) throws IOException {
        if (!overrides.isEmpty() || runDir != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--resume continues a run with its own config: --set and --run-dir cannot be combined with it");
        }
        RunConfig cfg = TrainingRun.resumableConfig(resume);
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        try (Watching watching = Watching.start(cfg.logging().ui(), ui, null, out)) {
            describe(out, "resuming run", resume, cfg, data);
            RunSummary summary = training(interrupts, watching).resume(resume, data, progress(out));
            printSummary(out, resume, summary, cfg.data().dataset());
            watching.finished(out);
            return ExitCodes.OK;
        }
    }

    private static TrainingRun training(Interrupts interrupts, Watching watching) {
        return new TrainingRun(Engines::create).stopWhen(interrupts::requested).watchedBy(watching.watcher());
    }

    private static void describe(PrintWriter out, String what, Path dir, RunConfig cfg, DataSplit data) {
        out.printf(Locale.ROOT, "%s %s: %s engine, %s, layers %s, %d train / %d test examples%s%n",
                what, dir, cfg.engine().name().toLowerCase(Locale.ROOT), cfg.model().output().yamlName(),
                java.util.Arrays.toString(cfg.model().layerSizes(784, 10)), data.train().size(), data.test().size(),
                data.hasValidation() ? " / " + data.validation().size() + " validation" : "");
        out.flush();
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

    static void printSummary(PrintWriter out, Path dir, RunSummary s, bplab.config.DatasetKind dataset) {
        out.printf(Locale.ROOT, "final test accuracy %.2f%% (best %.2f%% after epoch %d); %d epochs, %d iterations,"
                        + " wall %.1fs, training %,.0f examples/s%n",
                100 * s.finalTest().accuracy(), 100 * s.bestAccuracy(), s.bestEpoch() + 1, s.epochs().size(),
                s.iterations(), s.wallSeconds(), s.examplesPerSecond());
        if (s.finalTest().confusion() != null) out.print(ConfusionTable.format(s.finalTest(), dataset));
        out.printf("outputs in %s%n", dir);
        out.flush();
    }

}
