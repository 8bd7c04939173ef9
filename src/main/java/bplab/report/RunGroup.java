package bplab.report;

import bplab.config.EngineKind;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import java.util.List;

/**
 * Runs that differ only in their seed, aggregated together; a single run is a group of one.
 *
 * @param label the varied values other than the seed, e.g. {@code model.output=mse_sigmoid,engine=dl4j}
 */
public record RunGroup(String label, List<RunData> runs) {
    public RunGroup {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) throw new IllegalArgumentException("a group needs at least one run");
    }

    public RunConfig config() {
        return runs.get(0).config();
    }

    public OutputConfig output() {
        return config().model().output();
    }

    public EngineKind engine() {
        return config().engine();
    }

    public List<RunStats> stats() {
        return runs.stream().map(RunStats::of).toList();
    }

    public String seeds() {
        return String.join(" ", runs.stream().map(r -> String.valueOf(r.config().seed())).toList());
    }
}
