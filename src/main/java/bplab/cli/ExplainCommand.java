package bplab.cli;

import bplab.backprop.Activation;
import bplab.backprop.DeltaExplanation;
import bplab.backprop.Loss;
import bplab.backprop.OutputPair;
import bplab.config.ConfigException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Show, for one example, how the output delta is formed: a = f(z), g = dL/da, the Jacobian "
                + "J = da/dz, the general rule J^T g and, where the algebra collapses, the shortcut (p - y or a - y).", ""},
        footer = {"", "Examples:", "  explain                                  (softmax + cross-entropy, z = 2,1,0.1,-1, class 0)",
                "  explain --activation sigmoid --loss mse  (the MATLAB case: diagonal J)",
                "  explain --activation softmax --loss mse --z 3,0,-1 --target-class 1"})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--activation", defaultValue = "softmax", description = "Output activation: sigmoid, softmax, tanh, identity, relu. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--loss", defaultValue = "mcxent", description = "Loss: mse, l2, mcxent, xent. Default: ${DEFAULT-VALUE}.")
    String loss;

    @Option(names = "--z", split = ",", defaultValue = "2,1,0.1,-1", description = "Pre-activations z, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Double> z;

    @Option(names = "--target-class", defaultValue = "0", description = "Index of the true class (one-hot target). Default: ${DEFAULT-VALUE}.")
    int targetClass;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Activation f = parse(Activation.class, activation, "--activation");
        Loss l = parse(Loss.class, loss, "--loss");
        String why = OutputPair.rejection(f, l);
        if (why != null) throw new ConfigException("--activation " + activation + " --loss " + loss + ": rejected: " + why);
        if (z.size() < 2 || z.size() > 12) throw new ConfigException("--z: found " + z.size() + " values, expected 2 to 12");
        if (targetClass < 0 || targetClass >= z.size()) {
            throw new ConfigException("--target-class: found " + targetClass + ", expected 0.." + (z.size() - 1));
        }
        double[] zs = z.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = new double[zs.length];
        y[targetClass] = 1;
        DeltaExplanation e = DeltaExplanation.of(f, l, zs, y);
        out.printf(Locale.ROOT, "%s output + %s loss, true class %d; loss L = %.6f%n%n", activation, loss, targetClass, e.loss());
        out.printf(Locale.ROOT, "%3s %11s %11s %11s %13s %13s%s%n", "k", "z", "y", "a = f(z)", "g = dL/da", "(J^T g)_k",
                e.shortcut() == null ? "" : String.format(Locale.ROOT, " %13s %11s", e.shortcutFormula(), "difference"));
        for (int k = 0; k < zs.length; k++) {
            out.printf(Locale.ROOT, "%3d %11.6f %11.1f %11.6f %13.6f %13.6f", k, zs[k], y[k], e.a()[k], e.g()[k] + 0.0, e.jtg()[k] + 0.0); // + 0.0 prints -0 as 0
            if (e.shortcut() != null) out.printf(Locale.ROOT, " %13.6f %11.1e", e.shortcut()[k], e.jtg()[k] - e.shortcut()[k]);
            out.println();
        }
        out.printf("%nJacobian J[i][k] = da_i/dz_k%s:%n", f == Activation.SOFTMAX ? " = p_i (delta_ik - p_k)" : " (diagonal: f'(z_k))");
        for (double[] row : e.jacobian()) {
            StringBuilder sb = new StringBuilder("  ");
            for (double v : row) sb.append(String.format(Locale.ROOT, "%11.6f", v));
            out.println(sb);
        }
        out.println();
        out.println("delta = J^T g: each delta_k sums over every output i (a dot product with column k of J),");
        out.println(f == Activation.SOFTMAX
                ? "because every p_i depends on every z_k. For an element-wise activation J is diagonal and this is g .* f'(z)."
                : "but J is diagonal here, so it is the element-wise product g .* f'(z), the MATLAB formula.");
        return ExitCodes.OK;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) return e;
        }
        throw new ConfigException(option + ": found '" + value + "', expected " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")));
    }
}
