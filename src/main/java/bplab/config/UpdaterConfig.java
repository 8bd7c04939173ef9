package bplab.config;

/**
 * The optimiser, with DL4J's formulas (see README): g is the minibatch-mean gradient.
 *
 * @param type         sgd | nesterov | adam (default sgd)
 * @param learningRate step size (default: 0.1 for sgd and nesterov, 0.001 for adam)
 * @param momentum     nesterov only (default 0.9)
 * @param beta1        adam only (default 0.9)
 * @param beta2        adam only (default 0.999)
 * @param epsilon      adam only (default 1e-8)
 */
public record UpdaterConfig(UpdaterType type, Double learningRate, Double momentum, Double beta1, Double beta2, Double epsilon) {
    public UpdaterConfig {
        type = Check.orDefault(type, UpdaterType.SGD);
        learningRate = Check.positiveFinite("learning_rate", learningRate, type == UpdaterType.ADAM ? 1e-3 : 0.1);
        if (type != UpdaterType.NESTEROV && momentum != null) {
            throw new ConfigException("momentum", String.valueOf(momentum), "no momentum for updater " + type.name().toLowerCase() + " (only nesterov uses it)");
        }
        if (type != UpdaterType.ADAM && (beta1 != null || beta2 != null || epsilon != null)) {
            throw new ConfigException(beta1 != null ? "beta1" : beta2 != null ? "beta2" : "epsilon", "a value",
                    "no beta1/beta2/epsilon for updater " + type.name().toLowerCase() + " (only adam uses them)");
        }
        if (type == UpdaterType.NESTEROV) momentum = Check.openUnit("momentum", momentum, 0.9);
        if (type == UpdaterType.ADAM) {
            beta1 = Check.openUnit("beta1", beta1, 0.9);
            beta2 = Check.openUnit("beta2", beta2, 0.999);
            epsilon = Check.positiveFinite("epsilon", epsilon, 1e-8);
        }
    }

    public static UpdaterConfig sgd(double learningRate) {
        return new UpdaterConfig(UpdaterType.SGD, learningRate, null, null, null, null);
    }
}
