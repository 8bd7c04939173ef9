package bplab.experiment;

import bplab.config.RunConfig;
import java.util.List;
import java.util.Map;

/**
 * One combination of varied values: a run config and the directory it trains into.
 *
 * @param index    0-based position in the grid
 * @param label    the varied values, e.g. {@code model.output=mse_sigmoid,engine=dl4j,seed=1}
 * @param dirName  filesystem-safe directory name derived from the label
 * @param values   varied key to value label, in vary order
 * @param settings everything applied to the base config, as {@code key=value}, in order
 * @param config   the base config with {@code settings} applied, validated
 */
public record Cell(int index, String label, String dirName, Map<String, String> values, List<String> settings,
                   RunConfig config) {
    public Cell {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        settings = List.copyOf(settings);
    }
}
