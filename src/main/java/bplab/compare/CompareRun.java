package bplab.compare;

import bplab.compare.LockstepResult.Quantity;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.DataSplit;
import bplab.train.RunDirectory;
import bplab.train.RunLog;
import bplab.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One lockstep comparison as a use case, the counterpart of {@link TrainingRun} for
 * {@code compare}: creates the run directory, writes the resolved config and provenance, runs
 * DL4J and the hand-written engine in {@link Lockstep} with the run's log open, and writes
 * {@value Lockstep#FILE} and {@value #SUMMARY_FILE}. It prints nothing; the caller hears of the
 * directory and the progress through a {@link Listener}.
 */
public final class CompareRun {
    public static final String SUMMARY_FILE = "compare-summary.json";
    /** The engine name recorded in run.json. */
    public static final String ENGINE = "dl4j+handwritten";

    /** Hears where the comparison writes and how far it has got. */
    public interface Listener extends Lockstep.ProgressSink {
        /** The run directory exists and holds config.yaml and run.json; the comparison starts next. */
        void started(Path runDir);
    }

    /** The directory written and what the comparison found. */
    public record Outcome(Path runDir, LockstepResult result) {}

    private final RunConfig config;
    private final DataSplit data;

    public CompareRun(RunConfig config, DataSplit data) {
        this.config = config;
        this.data = data;
    }

    /** Iterations in one epoch of this config's training set. */
    public int iterationsPerEpoch() {
        return BatchOrder.batches(data.train().size(), config.training().batchSize());
    }

    /**
     * Compares {@code iterations} iterations (positive) into a new run directory: {@code explicitDir}
     * if given, else a fresh NAME-compare-TIMESTAMP under logging.out_dir.
     */
    public Outcome run(long iterations, Tolerances tolerances, Path explicitDir, List<String> command, Listener listener)
            throws IOException {
        if (iterations <= 0) throw new IllegalArgumentException("iterations: found " + iterations + ", expected > 0");
        Path dir = RunDirectory.create(Path.of(config.logging().outDir()), config.name() + "-compare", explicitDir);
        TrainingRun.writeStart(dir, config, data, ENGINE, command);
        listener.started(dir);
        LockstepResult result;
        try (RunLog log = new RunLog(dir.resolve(TrainingRun.LOG_FILE)); Lockstep lockstep = new Lockstep(config)) {
            result = lockstep.run(data.train(), iterations, tolerances, dir.resolve(Lockstep.FILE), listener);
        }
        TrainingRun.writeJson(dir.resolve(SUMMARY_FILE), summary(result));
        return new Outcome(dir, result);
    }

    static Map<String, Object> summary(LockstepResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iterations", r.iterations());
        m.put("passed", r.passed());
        Map<String, Object> checks = new LinkedHashMap<>();
        for (LockstepResult.Check c : r.checks()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("quantity", c.quantity().label());
            e.put("tolerance", c.tolerance());
            e.put("passed", c.passed());
            e.put("worst", c.worst());
            e.put("worst_iteration", c.worstIteration());
            if (c.worstParameter() != null) e.put("worst_parameter", c.worstParameter());
            if (c.firstViolation() != null) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("iteration", c.firstViolation().iteration());
                if (c.firstViolation().parameter() != null) v.put("parameter", c.firstViolation().parameter());
                v.put("value", c.firstViolation().value());
                e.put("first_violation", v);
            }
            checks.put(key(c.quantity()), e);
        }
        m.put("checks", checks);
        Map<String, Object> params = new LinkedHashMap<>();
        for (LockstepResult.ParameterAgreement p : r.parameters()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("worst_grad_rel_err", p.worstRelativeError());
            e.put("worst_iteration", p.worstIteration());
            e.put("max_param_abs_diff", p.maxParamDiff());
            e.put("max_param_abs_diff_iteration", p.maxParamDiffIteration());
            e.put("final_param_abs_diff", p.finalParamDiff());
            params.put(p.name(), e);
        }
        m.put("parameters", params);
        return m;
    }

    private static String key(Quantity q) {
        return switch (q) {
            case GRADIENT -> "gradient";
            case LOSS -> "loss";
            case PARAMETER -> "parameter";
        };
    }
}
