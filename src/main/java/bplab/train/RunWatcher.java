package bplab.train;

import bplab.config.RunConfig;
import java.nio.file.Path;

/**
 * Watches runs while they train (e.g. publishes statistics to a live UI): {@link #watch} is
 * called once the engine is built, before the first iteration; the returned {@link Watch} is
 * closed when the run ends, however it ends.
 */
@FunctionalInterface
public interface RunWatcher {
    RunWatcher NONE = (config, runDir, engine) -> () -> {};

    Watch watch(RunConfig config, Path runDir, TrainingEngine engine);

    /** One run's watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
