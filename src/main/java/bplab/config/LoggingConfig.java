package bplab.config;

/**
 * What a run records and where.
 *
 * @param gradientNormsEvery record per-layer gradient norms every N iterations (default 1; 0 = never)
 * @param outDir             parent directory of run directories (default runs)
 * @param ui                 DeepLearning4J's training UI (default off)
 */
public record LoggingConfig(Integer gradientNormsEvery, String outDir, UiConfig ui) {
    public LoggingConfig {
        gradientNormsEvery = Check.nonNegative("gradient_norms_every", gradientNormsEvery, 1);
        outDir = Check.orDefault(outDir, "runs");
        if (outDir.isBlank()) throw new ConfigException("out_dir", "an empty string", "a directory path");
        ui = Check.orDefault(ui, UiConfig.defaults());
    }

    public static LoggingConfig defaults() {
        return new LoggingConfig(null, null, null);
    }
}
