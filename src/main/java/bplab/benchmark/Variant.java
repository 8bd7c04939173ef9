package bplab.benchmark;

import bplab.config.EngineKind;
import bplab.config.LoggingConfig;
import bplab.config.RunConfig;
import bplab.dl4j.Dl4jEngine;
import bplab.handwritten.HandwrittenEngine;
import bplab.train.TrainingEngine;
import java.util.Arrays;
import java.util.stream.Collectors;

/** One way of training a config that the benchmark times: an engine, its threads, statistics on or off. */
public enum Variant {
    /** DL4J recording gradient statistics every iteration, as {@code train} runs it. */
    DL4J_STATS("dl4j-stats", true),
    /** DL4J without the statistics listener. */
    DL4J_NOSTATS("dl4j-nostats", false),
    /** The hand-written engine on both cores. */
    HANDWRITTEN("handwritten", true),
    /** The hand-written engine on one core, as DL4J with OMP_NUM_THREADS=1. */
    HANDWRITTEN_1THREAD("handwritten-1thread", true);

    private final String label;
    private final boolean stats;

    Variant(String label, boolean stats) {
        this.label = label;
        this.stats = stats;
    }

    /** The name on the command line and in the output, e.g. dl4j-stats. */
    public String label() {
        return label;
    }

    /** Whether each timed step records gradient statistics. */
    public boolean recordsStats() {
        return stats;
    }

    /** The variant a label names. */
    public static Variant parse(String label) {
        for (Variant v : values()) if (v.label.equals(label)) return v;
        throw new IllegalArgumentException("found '" + label + "', expected "
                + Arrays.stream(values()).map(Variant::label).collect(Collectors.joining(", ")));
    }

    /** A fresh engine of this variant for a config (statistics every iteration when recorded). */
    TrainingEngine create(RunConfig config) {
        RunConfig c = new RunConfig(config.name(), config.seed(), engineKind(), config.data(), config.model(),
                config.training(), new LoggingConfig(1, config.logging().outDir(), config.logging().ui()), config.handwritten());
        return switch (this) {
            case DL4J_STATS, DL4J_NOSTATS -> new Dl4jEngine(c);
            case HANDWRITTEN -> new HandwrittenEngine(c);
            case HANDWRITTEN_1THREAD -> new HandwrittenEngine(c, HandwrittenEngine.deltaMode(c.handwritten().deltaRule()), 1);
        };
    }

    EngineKind engineKind() {
        return this == DL4J_STATS || this == DL4J_NOSTATS ? EngineKind.DL4J : EngineKind.HANDWRITTEN;
    }
}
