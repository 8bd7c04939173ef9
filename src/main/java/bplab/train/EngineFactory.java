package bplab.train;

import bplab.config.RunConfig;

/** Builds the engine a config asks for; supplied by the command layer. */
@FunctionalInterface
public interface EngineFactory {
    TrainingEngine create(RunConfig config);
}
