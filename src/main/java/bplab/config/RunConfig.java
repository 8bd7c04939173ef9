package bplab.config;

import java.util.regex.Pattern;

/**
 * One training run, as read from YAML. Every field has a default except that the file must
 * be a mapping; see README.md for the reference.
 *
 * @param name   run name, used in the run directory name (letters, digits, '-', '_', '.')
 * @param seed   the one seed: weight init and minibatch order derive from it (default 42)
 * @param engine dl4j | handwritten (default dl4j)
 * @param handwritten settings only the hand-written engine reads
 */
public record RunConfig(String name, Long seed, EngineKind engine, DataConfig data, ModelConfig model,
                        TrainingConfig training, LoggingConfig logging, HandwrittenConfig handwritten) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    public RunConfig {
        name = Check.orDefault(name, "run");
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("name", "'" + name + "'", "1-80 characters from letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        seed = Check.orDefault(seed, 42L);
        engine = Check.orDefault(engine, EngineKind.DL4J);
        data = Check.orDefault(data, DataConfig.defaults());
        model = Check.orDefault(model, ModelConfig.defaults());
        training = Check.orDefault(training, TrainingConfig.defaults());
        logging = Check.orDefault(logging, LoggingConfig.defaults());
        handwritten = Check.orDefault(handwritten, HandwrittenConfig.defaults());
    }
}
