package bplab.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * An experiment file, validated: a base run config, the keys to vary with their values, extra
 * settings for cells that have a particular value, and settings shared by every cell.
 * Values are kept as YAML/JSON text in the form {@code ConfigLoader}'s {@code --set} accepts.
 *
 * @param name      experiment name (default: the file name without extension)
 * @param source    the experiment file
 * @param base      the base run config, resolved against the current directory
 * @param vary      varied keys in file order; the first varies slowest
 * @param overrides per-value settings, in file order
 * @param set       settings applied to every cell, as {@code key=value}
 */
public record ExperimentSpec(String name, Path source, Path base, List<Axis> vary, List<ValueOverride> overrides,
                             List<String> set) {
    public ExperimentSpec {
        vary = List.copyOf(vary);
        overrides = List.copyOf(overrides);
        set = List.copyOf(set);
    }

    /**
     * One varied key.
     *
     * @param key    a run-config YAML path, e.g. {@code model.output}
     * @param values each value as {@code --set} text (JSON for strings that need quoting, lists, maps)
     * @param labels each value as shown in cell names, e.g. {@code mse_sigmoid}
     */
    public record Axis(String key, List<String> values, List<String> labels) {
        public Axis {
            values = List.copyOf(values);
            labels = List.copyOf(labels);
        }
    }

    /**
     * Settings for the cells whose varied values include {@code value} (for {@code key}, or for
     * any varied key when the file did not qualify it).
     *
     * @param key      the varied key, or null if the file wrote only the value
     * @param value    the value's label
     * @param settings {@code key=value} strings
     */
    public record ValueOverride(String key, String value, List<String> settings) {
        public ValueOverride {
            settings = List.copyOf(settings);
        }

        boolean matches(String axisKey, String label) {
            return value.equals(label) && (key == null || key.equals(axisKey));
        }
    }
}
