package bplab.cli;

import bplab.backprop.DeltaMode;
import bplab.backprop.GradientCheck;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check the hand-written engine's analytic gradients against finite differences (double, "
                + "4th-order central differences) for every supported hidden activation x output activation x loss, "
                + "on a small random network. Prints one row per combination.", ""},
        footer = {"", "Exit 1 if any combination's largest relative error exceeds --tolerance."})
final class GradcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random network and inputs. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "Largest acceptable relative error. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-10s %-10s %-8s %-9s %16s %8s %8s  %s%n", "hidden", "output", "loss", "delta",
                "max rel error", "checked", "skipped", "result");
        int failed = 0;
        for (GradientCheck.Combo combo : GradientCheck.validCombos()) {
            GradientCheck.Result r = GradientCheck.check(combo, DeltaMode.SHORTCUT, seed);
            boolean pass = r.maxRelativeError() <= tolerance;
            if (!pass) failed++;
            String delta = bplab.backprop.OutputPair.of(combo.output(), combo.loss()).hasShortcut() ? "fused" : "J^T g";
            out.printf(Locale.ROOT, "%-10s %-10s %-8s %-9s %16.3e %8d %8d  %s%n", lower(combo.hidden()), lower(combo.output()),
                    lower(combo.loss()), delta, r.maxRelativeError(), r.checked(), r.skipped(), pass ? "pass" : "FAIL");
        }
        int total = GradientCheck.validCombos().size();
        out.printf(Locale.ROOT, "%d of %d combinations within %.1e%n", total - failed, total, tolerance);
        return failed == 0 ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
