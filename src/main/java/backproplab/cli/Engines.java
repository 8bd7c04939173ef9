package backproplab.cli;

import backproplab.config.RunConfig;
import backproplab.dl4j.Dl4jEngine;
import backproplab.handwritten.HandwrittenEngine;
import backproplab.train.TrainingEngine;

/** Builds the engine a config asks for. */
final class Engines {
    private Engines() {}

    static TrainingEngine create(RunConfig config) {
        return switch (config.engine()) {
            case DL4J -> new Dl4jEngine(config);
            case HANDWRITTEN -> new HandwrittenEngine(config);
        };
    }
}
