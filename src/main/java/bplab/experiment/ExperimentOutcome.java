package bplab.experiment;

import java.nio.file.Path;
import java.util.List;

/** Every cell's result, in grid order, and the experiment directory holding them. */
public record ExperimentOutcome(Path dir, List<CellResult> results) {
    public ExperimentOutcome {
        results = List.copyOf(results);
    }

    public long count(CellStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public boolean anyFailed() {
        return results.stream().anyMatch(r -> r.status().isFailure());
    }
}
