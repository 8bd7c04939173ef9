package bplab.cli;

import bplab.compare.Lockstep;
import bplab.compare.LockstepResult;
import bplab.config.ConfigLoader;
import bplab.config.Dtype;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.DataSplit;
import bplab.train.Provenance;
import bplab.train.RunDirectory;
import bplab.train.RunLog;
import bplab.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train DL4J and the hand-written engine in lockstep from identical initial weights on the "
                + "same minibatches, and compare gradients, losses and updated parameters after every iteration.", ""},
        footer = {"", "Writes compare.csv (one row per iteration), config.yaml, run.json and compare-summary.json into "
                + "a new run directory. Exit 1 if any gradient's relative error exceeds --tolerance.",
                "", "Example: compare --config config/ce-softmax.yaml --set model.dtype=double --epochs 1"})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunConfigOptions run;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--iterations", paramLabel = "N", description = "Compare N iterations.")
        Long iterations;

        @Option(names = "--epochs", paramLabel = "N", description = "Compare N full epochs (default 1).")
        Integer epochs;
    }

    @Option(names = "--tolerance", paramLabel = "X",
            description = "Largest acceptable gradient relative error ||g_dl4j - g_hand|| / max(||g_dl4j||, ||g_hand||). "
                    + "Default: 1e-10 in double, 1e-3 in float.")
    Double tolerance;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Write into this new directory instead of logging.out_dir/NAME-compare-TIMESTAMP.")
    Path runDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RunConfig cfg = run.load();
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        int perEpoch = BatchOrder.batches(data.train().size(), cfg.training().batchSize());
        long iterations = length.iterations != null ? length.iterations
                : (long) (length.epochs == null ? 1 : length.epochs) * perEpoch;
        if (iterations <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--iterations/--epochs: found " + iterations + ", expected a positive number");
        }
        double tol = tolerance != null ? tolerance : cfg.model().dtype() == Dtype.DOUBLE ? 1e-10 : 1e-3;
        if (!(tol > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tolerance: found " + tol + ", expected a number > 0");
        }
        Path dir = RunDirectory.create(Path.of(cfg.logging().outDir()), cfg.name() + "-compare", runDir);
        Files.writeString(dir.resolve(TrainingRun.CONFIG_FILE), new ConfigLoader().toYaml(cfg), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("compare", "--config", run.config.toString()));
        for (String o : run.overrides) command.addAll(List.of("--set", o));
        TrainingRun.writeJson(dir.resolve(TrainingRun.PROVENANCE_FILE), Provenance.collect(cfg.name(), cfg.seed(), "dl4j+handwritten", command));
        out.printf(Locale.ROOT, "compare %s: %s, %s, %s, updater %s, %d iterations (%.2f epochs of %d examples), tolerance %.1e%n",
                dir, cfg.model().output().yamlName(), java.util.Arrays.toString(cfg.model().layerSizes(784, 10)),
                cfg.model().dtype().name().toLowerCase(Locale.ROOT), cfg.training().updater().type().name().toLowerCase(Locale.ROOT),
                iterations, (double) iterations / perEpoch, data.train().size(), tol);
        out.flush();
        long every = Math.max(1, iterations / 4);
        LockstepResult result;
        try (RunLog log = new RunLog(dir.resolve(TrainingRun.LOG_FILE)); Lockstep lockstep = new Lockstep(cfg)) {
            result = lockstep.run(data.train(), iterations, tol, dir.resolve(Lockstep.FILE), (it, total) -> {
                if ((it + 1) % every == 0 && it + 1 < total) {
                    out.printf(Locale.ROOT, "  %d/%d iterations%n", it + 1, total);
                    out.flush();
                }
            });
        }
        writeSummary(dir, result);
        out.printf(Locale.ROOT, "%-8s %22s %12s %22s %22s%n", "param", "worst grad rel err", "at iter", "max |param diff|", "final |param diff|");
        for (LockstepResult.ParameterAgreement p : result.parameters()) {
            out.printf(Locale.ROOT, "%-8s %22.3e %12d %22.3e %22.3e%n", p.name(), p.worstRelativeError(), p.worstIteration(),
                    p.maxParamDiff(), p.finalParamDiff());
        }
        out.printf(Locale.ROOT, "worst loss rel err %.3e over %d iterations%n", result.worstLossError(), result.iterations());
        out.printf("per-iteration values in %s%n", dir.resolve(Lockstep.FILE));
        if (!result.passed()) {
            LockstepResult.Violation v = result.firstViolation();
            spec.commandLine().getErr().printf(Locale.ROOT,
                    "error: gradients disagree: first at iteration %d, parameter %s, relative error %.3e > tolerance %.1e%n",
                    v.iteration(), v.parameter(), v.relativeError(), tol);
            return ExitCodes.RUNTIME_FAILURE;
        }
        out.printf(Locale.ROOT, "PASS: every gradient agreed within %.1e%n", tol);
        return ExitCodes.OK;
    }

    private static void writeSummary(Path dir, LockstepResult r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iterations", r.iterations());
        m.put("tolerance", r.tolerance());
        m.put("passed", r.passed());
        m.put("worst_loss_rel_err", r.worstLossError());
        Map<String, Object> params = new LinkedHashMap<>();
        for (LockstepResult.ParameterAgreement p : r.parameters()) {
            params.put(p.name(), Map.of("worst_grad_rel_err", p.worstRelativeError(), "worst_iteration", p.worstIteration(),
                    "max_param_abs_diff", p.maxParamDiff(), "final_param_abs_diff", p.finalParamDiff()));
        }
        m.put("parameters", params);
        if (r.firstViolation() != null) {
            m.put("first_violation", Map.of("iteration", r.firstViolation().iteration(), "parameter", r.firstViolation().parameter(),
                    "rel_err", r.firstViolation().relativeError()));
        }
        TrainingRun.writeJson(dir.resolve("compare-summary.json"), m);
    }
}
