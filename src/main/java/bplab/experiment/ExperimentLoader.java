package bplab.experiment;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.YamlDocument;
import bplab.config.YamlErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an experiment file strictly: unknown keys (with a "did you mean"), duplicate keys,
 * wrong shapes and values that the base config rejects are errors naming the file, the line,
 * the YAML path, what was found and what was expected. Every setting is checked against the
 * base config on its own here, so a bad key is reported at its own line; whole cells are
 * checked again when the grid is expanded ({@link ExperimentPlan}). The file is read by
 * {@link YamlDocument} and errors are built by {@link YamlErrors}, as for run configs.
 *
 * <p>{@code base} is resolved against the current directory, like every other path in a run
 * config ({@code data.dir}, {@code logging.out_dir}).
 */
public final class ExperimentLoader {
    static final List<String> TOP_LEVEL = List.of("base", "name", "overrides", "set", "vary");
    static final int MAX_CELLS = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    private final ConfigLoader configs;
    private final ObjectMapper json = new ObjectMapper();

    public ExperimentLoader(ConfigLoader configs) {
        this.configs = configs;
    }

    public ExperimentSpec load(Path file) {
        YamlDocument doc = YamlDocument.read(file, YamlDocument.Kind.EXPERIMENT, configs.mapper());
        YamlErrors err = doc.errors();
        JsonNode root = doc.tree();
        if (!root.isObject()) {
            throw err.at(List.of(), "the document", YamlErrors.found(root), "a mapping with keys " + String.join(", ", TOP_LEVEL));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_LEVEL.contains(k)) throw err.unknown(List.of(k), TOP_LEVEL);
        }

        String name = defaultName(file);
        JsonNode nameNode = root.get("name");
        if (nameNode != null) {
            if (!nameNode.isTextual()) throw err.at(List.of("name"), "name", YamlErrors.found(nameNode), "a string");
            name = nameNode.asText();
        }
        if (!NAME.matcher(name).matches()) {
            throw err.at(List.of("name"), "name", "'" + name + "'",
                    "1-80 characters from letters, digits, '.', '_' and '-', starting with a letter or digit");
        }

        JsonNode baseNode = root.get("base");
        if (baseNode == null || baseNode.isNull()) {
            throw err.at(List.of(), "base", "nothing", "the path of a run config, e.g. base: config/ce-softmax.yaml");
        }
        if (!baseNode.isTextual() || baseNode.asText().isBlank()) {
            throw err.at(List.of("base"), "base", YamlErrors.found(baseNode), "the path of a run config (a string)");
        }
        Path base = Path.of(baseNode.asText());
        if (!Files.isRegularFile(base)) {
            throw err.at(List.of("base"), "base", "'" + base + "', which is not a file (relative paths are taken from the current directory "
                    + Path.of("").toAbsolutePath() + ")", "the path of a run config");
        }
        try {
            configs.load(base, List.of());
        } catch (ConfigException e) {
            throw err.at(List.of("base"), "base", "a config that does not load: " + e.getMessage(), "a valid run config");
        }

        List<String> set = new ArrayList<>();
        JsonNode setNode = root.get("set");
        if (setNode != null && !setNode.isNull()) {
            if (!setNode.isObject()) throw err.at(List.of("set"), "set", YamlErrors.found(setNode), "a mapping of config keys to values, e.g. {training.epochs: 10}");
            for (Map.Entry<String, JsonNode> e : fields(setNode)) {
                List<String> path = List.of("set", e.getKey());
                checkKey(err, path, e.getKey());
                String setting = e.getKey() + "=" + valueText(e.getValue());
                checkAgainstBase(err, path, base, List.of(setting));
                set.add(setting);
            }
        }

        List<ExperimentSpec.Axis> vary = new ArrayList<>();
        JsonNode varyNode = root.get("vary");
        if (varyNode != null && !varyNode.isNull()) {
            if (!varyNode.isObject()) throw err.at(List.of("vary"), "vary", YamlErrors.found(varyNode), "a mapping of config keys to lists of values");
            long cells = 1;
            for (Map.Entry<String, JsonNode> e : fields(varyNode)) {
                String key = e.getKey();
                List<String> path = List.of("vary", key);
                checkKey(err, path, key);
                if (key.equals("name")) throw err.at(path, "vary." + key, "the run name", "a config key other than name (each cell gets its own directory)");
                if (set.stream().anyMatch(s -> s.startsWith(key + "="))) {
                    throw err.at(path, "vary." + key, "a key that set also fixes", "each key either in vary or in set, not both");
                }
                JsonNode list = e.getValue();
                if (!list.isArray() || list.isEmpty()) {
                    throw err.at(path, "vary." + key, YamlErrors.found(list), "a non-empty list of values, e.g. " + key + ": [1, 2, 3]");
                }
                List<String> values = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    List<String> itemPath = List.of("vary", key, "[" + i + "]");
                    String value = valueText(list.get(i));
                    String label = label(list.get(i));
                    if (labels.contains(label)) throw err.at(itemPath, "vary." + key + "[" + i + "]", "'" + label + "' a second time", "each value once");
                    checkAgainstBase(err, itemPath, base, concat(set, key + "=" + value));
                    values.add(value);
                    labels.add(label);
                }
                cells *= values.size();
                if (cells > MAX_CELLS) throw err.at(path, "vary", "more than " + MAX_CELLS + " cells", "at most " + MAX_CELLS + " combinations");
                vary.add(new ExperimentSpec.Axis(key, values, labels));
            }
        }

        List<ExperimentSpec.ValueOverride> overrides = new ArrayList<>();
        JsonNode ovNode = root.get("overrides");
        if (ovNode != null && !ovNode.isNull()) {
            if (!ovNode.isObject()) throw err.at(List.of("overrides"), "overrides", YamlErrors.found(ovNode), "a mapping from a varied value to settings, e.g. {mse_sigmoid: {training.updater.learning_rate: 15.0}}");
            for (Map.Entry<String, JsonNode> e : fields(ovNode)) {
                List<String> path = List.of("overrides", e.getKey());
                ExperimentSpec.ValueOverride o = override(err, path, e.getKey(), e.getValue(), vary, set, base);
                overrides.add(o);
            }
        }
        return new ExperimentSpec(name, file, base, vary, overrides, set);
    }

    private ExperimentSpec.ValueOverride override(YamlErrors err, List<String> path, String selector, JsonNode settingsNode,
                                                  List<ExperimentSpec.Axis> vary, List<String> set, Path base) {
        String where = "overrides." + selector;
        String key = null;
        String value = selector;
        int eq = selector.indexOf('=');
        if (eq > 0) {
            key = selector.substring(0, eq).trim();
            value = selector.substring(eq + 1).trim();
        }
        List<String> allValues = new ArrayList<>();
        List<ExperimentSpec.Axis> hits = new ArrayList<>();
        for (ExperimentSpec.Axis a : vary) {
            for (String l : a.labels()) allValues.add(key == null ? l : a.key() + "=" + l);
            if ((key == null || key.equals(a.key())) && a.labels().contains(value)) hits.add(a);
        }
        if (hits.isEmpty()) {
            String suggestion = YamlErrors.nearest(selector, allValues);
            throw err.at(path, where, "'" + selector + "', which is not a value of any varied key"
                            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"),
                    "one of: " + String.join(", ", allValues));
        }
        if (hits.size() > 1) {
            throw err.at(path, where, "'" + value + "', a value of several varied keys (" + hits.stream().map(ExperimentSpec.Axis::key).toList() + ")",
                    "a qualified selector such as '" + hits.get(0).key() + "=" + value + "'");
        }
        ExperimentSpec.Axis axis = hits.get(0);
        if (!settingsNode.isObject() || settingsNode.isEmpty()) {
            throw err.at(path, where, YamlErrors.found(settingsNode), "a non-empty mapping of config keys to values, e.g. {training.updater.learning_rate: 15.0}");
        }
        List<String> settings = new ArrayList<>();
        String axisValue = axis.values().get(axis.labels().indexOf(value));
        for (Map.Entry<String, JsonNode> e : fields(settingsNode)) {
            List<String> p = concatPath(path, e.getKey());
            checkKey(err, p, e.getKey());
            for (ExperimentSpec.Axis a : vary) {
                if (a.key().equals(e.getKey())) {
                    throw err.at(p, where + "." + e.getKey(), "a key that vary also sets", "a key that is not varied (the override would hide the varied value)");
                }
            }
            String setting = e.getKey() + "=" + valueText(e.getValue());
            List<String> all = new ArrayList<>(set);
            all.add(axis.key() + "=" + axisValue);
            all.add(setting);
            checkAgainstBase(err, p, base, all);
            settings.add(setting);
        }
        return new ExperimentSpec.ValueOverride(key, value, settings);
    }

    /** The base config with {@code settings} applied must load; otherwise the error points at {@code path}. */
    private void checkAgainstBase(YamlErrors err, List<String> path, Path base, List<String> settings) {
        try {
            configs.load(base, settings);
        } catch (ConfigException e) {
            throw err.wrap(path, e);
        }
    }

    private static void checkKey(YamlErrors err, List<String> path, String key) {
        if (!ConfigLoader.isKeyPath(key)) {
            throw err.at(path, String.join(".", path), "'" + key + "'", "a run-config key path such as training.updater.learning_rate or model.hidden[0].units");
        }
    }

    /** The value as {@code --set} text: plain where YAML reads it back unchanged, JSON otherwise. */
    String valueText(JsonNode value) {
        if (value.isTextual()) {
            try {
                JsonNode back = configs.mapper().readTree(value.asText());
                if (value.equals(back)) return value.asText();
            } catch (JsonProcessingException e) {
                // not plain YAML: fall through to JSON quoting
            }
        }
        if (value.isValueNode() && !value.isTextual()) return value.toString();
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String label(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String defaultName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        n = dot > 0 ? n.substring(0, dot) : n;
        n = n.replaceAll("[^A-Za-z0-9._-]", "_");
        return n.isEmpty() || !Character.isLetterOrDigit(n.charAt(0)) ? "experiment" : n;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> l = new ArrayList<>();
        node.fields().forEachRemaining(l::add);
        return l;
    }

    private static List<String> concat(List<String> list, String item) {
        List<String> l = new ArrayList<>(list);
        l.add(item);
        return l;
    }

    private static List<String> concatPath(List<String> path, String segment) {
        return concat(path, segment);
    }
}
