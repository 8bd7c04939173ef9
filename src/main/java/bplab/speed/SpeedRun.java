package bplab.speed;

import bplab.config.ConfigException;
import bplab.config.RunConfig;
import bplab.data.Dataset;
import bplab.speed.LayerSpeed.Engine;
import bplab.speed.LayerSpeed.Measurement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code speed} use case: the per-layer speed of learning at initialisation for every seed
 * and engine asked for (seeds outer, engines inner, so the engines of one seed sit side by side),
 * summarised over seeds and optionally written as CSV. It prints nothing; each measurement is
 * handed to the caller as it is made.
 */
public final class SpeedRun {
    private final RunConfig cfg;

    /** A ConfigException if the config has no hidden layer (the output layer's speed is not reported). */
    public SpeedRun(RunConfig cfg) {
        if (cfg.model().hidden().isEmpty()) {
            throw new ConfigException("model.hidden", "no hidden layer", "at least one (the output layer's speed is not reported)");
        }
        this.cfg = cfg;
    }

    /**
     * Measures {@code examples} (at most {@code train.size()}) training images for each seed and
     * engine; writes one CSV row per measurement to {@code csv} if it is not null.
     */
    public LayerSpeedSummary run(Dataset train, List<Engine> engines, List<Long> seeds, int examples, Path csv,
                                 Consumer<Measurement> measured) throws IOException {
        List<Measurement> measurements = new ArrayList<>();
        for (long seed : seeds) {
            for (Engine engine : engines) {
                Measurement m = LayerSpeed.measure(cfg, engine, seed, train, examples);
                measurements.add(m);
                measured.accept(m);
            }
        }
        if (csv != null) writeCsv(csv, measurements, cfg.model().hidden().size());
        return LayerSpeedSummary.of(measurements);
    }

    /** engine,seed,examples,speed_0_b,... one row per measurement, unformatted. */
    static void writeCsv(Path file, List<Measurement> measurements, int layers) throws IOException {
        StringBuilder sb = new StringBuilder("engine,seed,examples");
        for (int l = 0; l < layers; l++) sb.append(",speed_").append(l).append("_b");
        sb.append('\n');
        for (Measurement m : measurements) {
            sb.append(m.engine().label()).append(',').append(m.seed()).append(',').append(m.examples());
            for (double s : m.speeds()) sb.append(',').append(s);
            sb.append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
