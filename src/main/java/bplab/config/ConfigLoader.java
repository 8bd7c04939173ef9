package bplab.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML into immutable, validated config records. Strict: unknown keys, duplicate keys,
 * wrong types (no string-to-number or float-to-int coercion) and invalid values are all
 * rejected with the file, the YAML path, the line and what was expected. Plain data binding
 * only: no YAML tags construct Java types. Files are read by {@link YamlDocument} and errors
 * built by {@link YamlErrors}, as for experiment files.
 */
public final class ConfigLoader {
    /** Config files are small; anything larger is refused before parsing. */
    public static final long MAX_BYTES = YamlDocument.MAX_BYTES;

    private static final Pattern KEY_PATH = Pattern.compile("[a-z_][a-z0-9_]*(\\[\\d+])?(\\.[a-z_][a-z0-9_]*(\\[\\d+])?)*");
    private static final Pattern SEGMENT = Pattern.compile("([a-z_][a-z0-9_]*)(?:\\[(\\d+)])?");

    private final ObjectMapper mapper;

    public ConfigLoader() {
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(YamlDocument.loaderOptions())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        mapper = YAMLMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** Whether {@code key} is a run-config key path such as {@code training.epochs} or {@code model.hidden[0].units}. */
    public static boolean isKeyPath(String key) {
        return KEY_PATH.matcher(key).matches();
    }

    /** Loads a run config from a file, then applies {@code key=value} overrides. */
    public RunConfig load(Path file, List<String> overrides) {
        return bind(YamlDocument.read(file, YamlDocument.Kind.CONFIG, mapper), overrides);
    }

    /** Parses YAML text; {@code source} names where it came from in error messages. */
    public RunConfig parse(String source, String text) {
        return bind(YamlDocument.parse(source, text, YamlDocument.Kind.CONFIG, mapper), List.of());
    }

    /** The file's config (errors point at its lines), then, if there are overrides, the config with them applied. */
    private RunConfig bind(YamlDocument doc, List<String> overrides) {
        RunConfig fromFile = bind(doc.tree(), doc.errors());
        if (overrides == null || overrides.isEmpty()) return fromFile;
        ObjectNode root = (ObjectNode) doc.tree().deepCopy();
        for (String override : overrides) apply(root, override);
        return bind(root, new YamlErrors(doc.source() + " with --set " + String.join(" ", overrides), null));
    }

    private RunConfig bind(JsonNode tree, YamlErrors errors) {
        try {
            return mapper.treeToValue(tree, RunConfig.class);
        } catch (JsonProcessingException e) {
            throw errors.fromJackson(e, tree);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(errors.where(List.of()) + ": " + e.getMessage());
        }
    }

    /** The config as YAML, every default filled in: what a run writes as config.yaml. */
    public String toYaml(RunConfig config) {
        try {
            return mapper.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config as YAML", e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private void apply(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set " + override + ": expected KEY=VALUE, e.g. --set training.epochs=2");
        }
        String key = override.substring(0, eq).trim();
        String valueText = override.substring(eq + 1).trim();
        if (!isKeyPath(key)) {
            throw new ConfigException("--set " + override + ": key '" + key + "' is not a YAML path; expected e.g. training.updater.learning_rate or model.hidden[0].units");
        }
        JsonNode value = valueText.isBlank() ? JsonNodeFactory.instance.nullNode()
                : YamlDocument.parse("--set " + override, valueText, YamlDocument.Kind.VALUE, mapper).tree();
        String[] parts = key.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            Matcher m = SEGMENT.matcher(parts[i]);
            if (!m.matches()) throw new IllegalStateException(parts[i]);
            String field = m.group(1);
            boolean last = i == parts.length - 1;
            if (!(node instanceof ObjectNode obj)) {
                throw new ConfigException("--set " + override + ": '" + String.join(".", Arrays.copyOf(parts, i)) + "' is not a mapping, so it has no key '" + field + "'");
            }
            if (m.group(2) == null) {
                if (last) {
                    obj.set(field, value);
                } else {
                    if (!(obj.get(field) instanceof ObjectNode)) obj.set(field, obj.objectNode());
                    node = obj.get(field);
                }
            } else {
                int index = Integer.parseInt(m.group(2));
                JsonNode list = obj.get(field);
                if (!(list instanceof ArrayNode array) || index >= array.size()) {
                    int size = list instanceof ArrayNode a ? a.size() : 0;
                    throw new ConfigException("--set " + override + ": " + field + "[" + index + "] does not exist (the list has " + size + " entries)");
                }
                if (last) {
                    array.set(index, value);
                } else {
                    node = array.get(index);
                }
            }
        }
    }
}
