package bplab.cli;

import bplab.config.RunConfig;
import bplab.dl4j.Dl4jEngine;
import bplab.handwritten.HandwrittenEngine;
import bplab.train.TrainingEngine;

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
