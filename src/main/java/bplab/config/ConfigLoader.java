package bplab.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML into immutable, validated config records. Strict: unknown keys, duplicate keys,
 * wrong types (no string-to-number or float-to-int coercion) and invalid values are all
 * rejected with the file, the YAML path, the line and what was expected. Plain data binding
 * only: no YAML tags construct Java types.
 */
public final class ConfigLoader {
    /** Config files are small; anything larger is refused before parsing. */
    public static final long MAX_BYTES = 1 << 20;

    private static final Pattern OVERRIDE_KEY = Pattern.compile("[a-z_][a-z0-9_]*(\\[\\d+])?(\\.[a-z_][a-z0-9_]*(\\[\\d+])?)*");
    private static final Pattern SEGMENT = Pattern.compile("([a-z_][a-z0-9_]*)(?:\\[(\\d+)])?");

    private final ObjectMapper mapper;
    private final LoaderOptions loaderOptions;

    public ConfigLoader() {
        loaderOptions = new LoaderOptions();
        loaderOptions.setCodePointLimit((int) MAX_BYTES);
        loaderOptions.setMaxAliasesForCollections(20);
        loaderOptions.setNestingDepthLimit(20);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(loaderOptions)
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

    /** Loads a run config from a file, then applies {@code key=value} overrides. */
    public RunConfig load(Path file, List<String> overrides) {
        String text = readText(file);
        String source = file.toString();
        RunConfig fromFile = parse(source, text);
        if (overrides == null || overrides.isEmpty()) return fromFile;
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw translate(source, e, null);
        }
        ObjectNode root = (ObjectNode) tree;
        for (String override : overrides) apply(root, override);
        try {
            return mapper.treeToValue(root, RunConfig.class);
        } catch (JsonProcessingException e) {
            throw translate(source + " with --set " + String.join(" ", overrides), e, null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + " with --set: " + e.getMessage());
        }
    }

    /** Parses YAML text; {@code source} names where it came from in error messages. */
    public RunConfig parse(String source, String text) {
        if (text.isBlank()) {
            throw new ConfigException(source + ": the file is empty; expected a YAML mapping with keys such as name, model, training");
        }
        try {
            RunConfig config = mapper.readValue(text, RunConfig.class);
            if (config == null) {
                throw new ConfigException(source + ": the document is empty (null); expected a YAML mapping");
            }
            return config;
        } catch (JsonProcessingException e) {
            throw translate(source, e, YamlPositions.of(text));
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

    private static String readText(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a directory; expected a YAML config file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file + ": " + size + " bytes; expected a config file of at most " + MAX_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; expected a YAML config file (see config/ for examples)");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(file + ": not valid UTF-8 text; expected a YAML config file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private void apply(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set " + override + ": expected KEY=VALUE, e.g. --set training.epochs=2");
        }
        String key = override.substring(0, eq).trim();
        String valueText = override.substring(eq + 1).trim();
        if (!OVERRIDE_KEY.matcher(key).matches()) {
            throw new ConfigException("--set " + override + ": key '" + key + "' is not a YAML path; expected e.g. training.updater.learning_rate or model.hidden[0].units");
        }
        JsonNode value;
        try {
            value = valueText.isEmpty() ? JsonNodeFactory.instance.nullNode() : mapper.readTree(valueText);
        } catch (JsonProcessingException e) {
            throw new ConfigException("--set " + override + ": value '" + valueText + "' is not valid YAML (" + firstLine(e.getOriginalMessage()) + ")");
        }
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

    /**
     * Turns Jackson's exception into one message: source, line, YAML path, found, expected.
     * The line comes from {@code lines} (the key's own line) when the path is known there,
     * otherwise from the parser's position; {@code lines} is null for --set overrides.
     */
    private ConfigException translate(String source, JsonProcessingException e, YamlPositions lines) {
        String path = e instanceof JsonMappingException m ? pathOf(m) : "";
        String original = firstLine(e.getOriginalMessage());
        boolean badNumber = original.startsWith("Malformed numeric value");
        if (badNumber && e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p) {
            path = contextPath(p.getParsingContext());
        }
        String detail = path;
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof ConfigException c && !c.path().isEmpty()) {
            detail = join(path, c.path());
        }
        int line = lines == null || detail.isEmpty() ? 0 : lines.line(detail);
        String where = source + (line > 0 ? ", line " + line : locationSuffix(e.getLocation()));
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            for (Object id : u.getKnownPropertyIds()) known.add(id.toString());
            known.sort(Comparator.naturalOrder());
            String suggestion = nearest(u.getPropertyName(), known);
            return new ConfigException(where + ": unknown key '" + path + "'"
                    + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                    + "; expected one of: " + String.join(", ", known));
        }
        if (e instanceof JsonMappingException && e.getCause() instanceof ConfigException c) {
            return new ConfigException(where + ": " + join(path, c.getMessage()));
        }
        if (e instanceof InvalidFormatException f) {
            String why = f.getTargetType() == OutputConfig.class ? OutputConfig.whyNotOffered(String.valueOf(f.getValue())) : null;
            return new ConfigException(where + ": " + path + ": found '" + f.getValue() + "'"
                    + (why == null ? "" : " (a pair that makes no sense: " + why + ")") + ", expected " + describe(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m) {
            return new ConfigException(where + ": " + (path.isEmpty() ? "the document" : path) + ": found "
                    + foundIn(m.getOriginalMessage()) + ", expected " + describe(m.getTargetType()));
        }
        if (badNumber) {
            return new ConfigException(where + ": " + path + ": found "
                    + original.substring("Malformed numeric value ".length()) + ", expected a finite number");
        }
        return new ConfigException(where + ": not valid YAML: " + original);
    }

    /** The YAML path of the value a streaming parser stopped at. */
    private static String contextPath(com.fasterxml.jackson.core.JsonStreamContext ctx) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (var c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
            else if (c.getCurrentName() != null) parts.push(c.getCurrentName());
        }
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (!sb.isEmpty() && !part.startsWith("[")) sb.append('.');
            sb.append(part);
        }
        return sb.toString();
    }

    private static String locationSuffix(JsonLocation loc) {
        if (loc == null || loc.getLineNr() <= 0) return "";
        return ", line " + loc.getLineNr() + (loc.getColumnNr() > 0 ? ", column " + loc.getColumnNr() : "");
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String join(String prefix, String rest) {
        return prefix.isEmpty() ? rest : prefix + "." + rest;
    }

    static String describe(Class<?> type) {
        if (type == null) return "a different value";
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
            return "one of " + String.join(" | ", names);
        }
        if (type == Integer.class || type == int.class) return "an integer";
        if (type == Long.class || type == long.class) return "an integer";
        if (type == Double.class || type == double.class) return "a number";
        if (type == String.class) return "a string";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (type.isRecord()) return "a mapping (key: value)";
        return "a " + type.getSimpleName();
    }

    private static final Pattern JACKSON_FOUND = Pattern.compile("(?:from|coerce) (\\w+) value(?: \\((.*?)\\))?");

    /** Jackson says "... from String value ("3") ..."; users want: a string ("3"). */
    private static String foundIn(String jacksonMessage) {
        Matcher m = JACKSON_FOUND.matcher(jacksonMessage == null ? "" : jacksonMessage);
        if (!m.find()) return "a value of the wrong type";
        String kind = switch (m.group(1)) {
            case "Array" -> "a list";
            case "Object" -> "a mapping";
            case "String" -> "a string";
            case "Number", "Integer", "Floating-point" -> "a number";
            case "Boolean" -> "a boolean";
            default -> m.group(1).toLowerCase(Locale.ROOT);
        };
        return m.group(2) == null || m.group(2).startsWith("token") ? kind : kind + " " + m.group(2);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The closest known key within edit distance 2 (or 1/3 of the length), if any. */
    public static String nearest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        return bestDistance <= allowed ? best : null;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
