package backproplab.cli;

import backproplab.config.ConfigException;
import backproplab.config.RunConfig;
import backproplab.dl4j.Dl4jEngine;
import backproplab.train.TrainingEngine;

/** Builds the engine a config asks for. */
final class Engines {
    private Engines() {}

    static TrainingEngine create(RunConfig config) {
        return switch (config.engine()) {
            case DL4J -> new Dl4jEngine(config);
            case HANDWRITTEN -> throw new ConfigException("engine: found handwritten, but this build has no hand-written engine yet; expected dl4j");
        };
    }
}
