package bplab.cli;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.DataException;
import bplab.data.DataSplit;
import bplab.dl4j.Dl4jEngine;
import bplab.train.Evaluation;
import bplab.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a saved model on the test set: accuracy, loss and confusion matrix.", ""},
        footer = {"", "Example: evaluate --model runs/ce-softmax-20261129-101500"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "RUN_DIR|FILE",
            description = "A run directory (uses its model.zip and config.yaml) or a model.zip file.")
    Path model;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config whose data section says where the test set is (default: the run's config.yaml).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key (repeatable).")
    List<String> overrides = new java.util.ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path modelFile = Files.isDirectory(model) ? model.resolve(TrainingLoop.MODEL_FILE) : model;
        if (!Files.isRegularFile(modelFile)) {
            throw new DataException(modelFile + ": no such model file; expected a run directory holding "
                    + TrainingLoop.MODEL_FILE + " or the path of a saved model");
        }
        Path cfgFile = config != null ? config : modelFile.resolveSibling(bplab.train.TrainingRun.CONFIG_FILE);
        if (!Files.isRegularFile(cfgFile)) {
            throw new DataException(cfgFile + ": no config next to the model; pass --config to say where the test data is");
        }
        RunConfig cfg = new ConfigLoader().load(cfgFile, overrides);
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        try (Dl4jEngine engine = Dl4jEngine.restore(modelFile)) {
            Evaluation e = engine.evaluate(data.test());
            out.printf(Locale.ROOT, "model %s on %d test examples: accuracy %.2f%%, loss %.4f%n",
                    modelFile, e.examples(), 100 * e.accuracy(), e.loss());
            out.print(ConfusionTable.format(e, cfg.data().dataset()));
        }
        return ExitCodes.OK;
    }
}
