package bplab.cli;

import bplab.compare.CompareRun;
import bplab.compare.Lockstep;
import bplab.compare.LockstepResult;
import bplab.compare.Tolerances;
import bplab.config.RunConfig;
import bplab.data.DataSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        footer = {"", "After every iteration three quantities are checked, each against its own tolerance: the gradient "
                + "relative error (--tolerance), the loss relative error (--loss-tolerance) and the largest parameter "
                + "difference after the update (--param-tolerance). A violation stops nothing: the comparison runs to the end, "
                + "reports the first violation of each check (iteration, quantity, value, tolerance) and exits 1.",
                "", "Defaults (gradient / loss / param), from one epoch of config/ce-softmax.yaml and config/mse-sigmoid.yaml "
                + "with a margin (README, \"Comparing the engines\"): double 1e-10 / 1e-10 / 1e-10; float 1e-2 / 1e-2 / 5e-3. "
                + "In float the engines round differently and their parameters drift apart over training; config/mse-sigmoid.yaml "
                + "in float exceeds the float gradient default (2.4e-3 at worst in its first epoch): give it --tolerance 1e-2.",
                "", "Writes compare.csv (one row per iteration), config.yaml, run.json and compare-summary.json into "
                + "a new run directory.",
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
            description = "Largest acceptable gradient relative error ||g_dl4j - g_hand|| / max(||g_dl4j||, ||g_hand||) "
                    + "of each parameter array's minibatch-mean gradient. Default: 1e-10 in double, 1e-2 in float.")
    Double tolerance;

    @Option(names = "--loss-tolerance", paramLabel = "X",
            description = "Largest acceptable loss relative error |L_dl4j - L_hand| / max(|L_dl4j|, |L_hand|) of the "
                    + "minibatch loss (as each engine reports it, before the update). Default: 1e-10 in double, 1e-2 in float.")
    Double lossTolerance;

    @Option(names = "--param-tolerance", paramLabel = "X",
            description = "Largest acceptable absolute difference max |p_dl4j - p_hand| of any parameter (weight or bias) "
                    + "after the update. Default: 1e-10 in double, 5e-3 in float.")
    Double paramTolerance;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Write into this new directory instead of logging.out_dir/NAME-compare-TIMESTAMP.")
    Path runDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RunConfig cfg = run.load();
        DataSplit data = DataSplit.load(cfg.data(), Path.of(""));
        CompareRun compare = new CompareRun(cfg, data);
        int perEpoch = compare.iterationsPerEpoch();
        long iterations = length.iterations != null ? length.iterations
                : (long) (length.epochs == null ? 1 : length.epochs) * perEpoch;
        if (iterations <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--iterations/--epochs: found " + iterations + ", expected a positive number");
        }
        Tolerances defaults = Tolerances.defaults(cfg.model().dtype());
        Tolerances tol = new Tolerances(positive("--tolerance", tolerance, defaults.gradient()),
                positive("--loss-tolerance", lossTolerance, defaults.loss()),
                positive("--param-tolerance", paramTolerance, defaults.parameter()));
        List<String> command = new ArrayList<>(List.of("compare", "--config", run.config.toString()));
        for (String o : run.overrides) command.addAll(List.of("--set", o));
        long every = Math.max(1, iterations / 4);
        CompareRun.Outcome outcome = compare.run(iterations, tol, runDir, command, new CompareRun.Listener() {
            @Override
            public void started(Path dir) {
                out.printf(Locale.ROOT, "compare %s: %s, %s, %s, updater %s, %d iterations (%.2f epochs of %d examples), "
                                + "tolerances: gradient %.1e, loss %.1e, param %.1e%n",
                        dir, cfg.model().output().yamlName(), java.util.Arrays.toString(cfg.model().layerSizes(784, 10)),
                        cfg.model().dtype().name().toLowerCase(Locale.ROOT),
                        cfg.training().updater().type().name().toLowerCase(Locale.ROOT), iterations,
                        (double) iterations / perEpoch, data.train().size(), tol.gradient(), tol.loss(), tol.parameter());
                out.flush();
            }

            @Override
            public void iterationDone(long it, long total) {
                if ((it + 1) % every == 0 && it + 1 < total) {
                    out.printf(Locale.ROOT, "  %d/%d iterations%n", it + 1, total);
                    out.flush();
                }
            }
        });
        LockstepResult result = outcome.result();
        out.printf(Locale.ROOT, "%-8s %20s %9s %20s %9s %20s%n", "param", "worst grad rel err", "at iter", "max |param diff|", "at iter",
                "final |param diff|");
        for (LockstepResult.ParameterAgreement p : result.parameters()) {
            out.printf(Locale.ROOT, "%-8s %20.3e %9d %20.3e %9d %20.3e%n", p.name(), p.worstRelativeError(), p.worstIteration(),
                    p.maxParamDiff(), p.maxParamDiffIteration(), p.finalParamDiff());
        }
        out.printf(Locale.ROOT, "%n%-18s %11s %9s %6s %11s %7s%n", "check", "worst", "at iter", "param", "tolerance", "result");
        for (LockstepResult.Check c : result.checks()) {
            out.printf(Locale.ROOT, "%-18s %11.3e %9d %6s %11.1e %7s%n", c.quantity().label(), c.worst(), c.worstIteration(),
                    c.worstParameter() == null ? "-" : c.worstParameter(), c.tolerance(), c.passed() ? "pass" : "FAIL");
        }
        out.printf("per-iteration values in %s%n", outcome.runDir().resolve(Lockstep.FILE));
        if (!result.passed()) {
            PrintWriter err = spec.commandLine().getErr();
            for (LockstepResult.Violation v : result.violations()) err.println("error: " + describe(v));
            return ExitCodes.RUNTIME_FAILURE;
        }
        out.printf(Locale.ROOT, "PASS: over %d iterations every gradient agreed within %.1e, every loss within %.1e, "
                + "every parameter within %.1e%n", result.iterations(), tol.gradient(), tol.loss(), tol.parameter());
        return ExitCodes.OK;
    }

    private double positive(String option, Double given, double fallback) {
        double v = given != null ? given : fallback;
        if (!(v > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + ": found " + v + ", expected a number > 0");
        }
        return v;
    }

    /** E.g. "losses disagree: first at iteration 3, relative error 1.000e-02 > --loss-tolerance 1.0e-10". */
    private static String describe(LockstepResult.Violation v) {
        return switch (v.quantity()) {
            case GRADIENT -> String.format(Locale.ROOT, "gradients disagree: first at iteration %d, parameter %s, relative error %.3e "
                    + "> --tolerance %.1e", v.iteration(), v.parameter(), v.value(), v.tolerance());
            case LOSS -> String.format(Locale.ROOT, "losses disagree: first at iteration %d, relative error %.3e > --loss-tolerance %.1e",
                    v.iteration(), v.value(), v.tolerance());
            case PARAMETER -> String.format(Locale.ROOT, "parameters disagree: first at iteration %d, parameter %s, max |difference| "
                    + "%.3e > --param-tolerance %.1e", v.iteration(), v.parameter(), v.value(), v.tolerance());
        };
    }
}
