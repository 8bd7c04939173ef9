package bplab.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The one builder of YAML error messages, for run configs, {@code --set} overrides and
 * experiment files alike: {@code SOURCE, line N: YAML.PATH: found X, expected Y}. Jackson's
 * exceptions are turned into such messages from their structured data (the path of
 * references, the target type, the rejected value, the unknown property and the known ones),
 * with what was found read off the document itself, never parsed out of Jackson's message text.
 */
public final class YamlErrors {
    private final String source;
    private final YamlDocument document;

    /**
     * Errors about {@code source}; {@code document} gives lines and the scalars as written, and
     * is null where there are none (a config with {@code --set} overrides applied).
     */
    public YamlErrors(String source, YamlDocument document) {
        this.source = source;
        this.document = document;
    }

    /** {@code SOURCE, line N} for the line of {@code path} (or its nearest ancestor's), or just SOURCE. */
    public String where(List<String> path) {
        int line = document == null ? 0 : document.line(path);
        return source + (line > 0 ? ", line " + line : "");
    }

    /** {@code SOURCE, line N: path: found X, expected Y}. */
    public ConfigException at(List<String> path, String found, String expected) {
        return at(path, display(path), found, expected);
    }

    /** As {@link #at(List, String, String)}, with the line taken from {@code linePath} and {@code yamlPath} shown. */
    public ConfigException at(List<String> linePath, String yamlPath, String found, String expected) {
        return new ConfigException(where(linePath) + ": " + yamlPath + ": found " + found + ", expected " + expected);
    }

    /** An unknown key at {@code path} (its last element), with the nearest known key suggested. */
    public ConfigException unknown(List<String> path, List<String> known) {
        String key = path.get(path.size() - 1);
        String suggestion = nearest(key, known);
        return new ConfigException(where(path) + ": unknown key '" + display(path) + "'"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)") + "; expected one of: " + String.join(", ", known));
    }

    /** Another check's error, placed at {@code path} of this document. */
    public ConfigException wrap(List<String> path, ConfigException e) {
        return new ConfigException(where(path) + ": " + display(path) + ": " + e.getMessage());
    }

    /**
     * Jackson's exception as one message. {@code tree} is the tree that was being bound (what was
     * found is read from it), or null when Jackson failed while reading the text.
     */
    public ConfigException fromJackson(JsonProcessingException e, JsonNode tree) {
        List<String> path = e instanceof JsonMappingException m ? segments(m) : segments(e.getProcessor());
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            for (Object id : u.getKnownPropertyIds()) known.add(id.toString());
            known.sort(Comparator.naturalOrder());
            return unknown(path, known);
        }
        if (e.getCause() instanceof ConfigException c) {
            // a record's own validation: its path is relative to the record Jackson was building
            List<String> detail = new ArrayList<>(path);
            if (!c.path().isEmpty()) detail.addAll(segments(c.path()));
            return new ConfigException(where(detail) + ": " + (path.isEmpty() ? "" : display(path) + ".") + c.getMessage());
        }
        String shown = path.isEmpty() ? "the document" : display(path);
        if (e instanceof InvalidFormatException f) {
            String written = document == null ? null : document.scalar(path);
            String value = written != null ? written : String.valueOf(f.getValue());
            String why = f.getTargetType() == OutputConfig.class ? OutputConfig.whyNotOffered(value) : null;
            return at(path, shown, "'" + value + "'" + (why == null ? "" : " (a pair that makes no sense: " + why + ")"),
                    describe(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m) {
            return at(path, shown, found(path, tree), describe(m.getTargetType()));
        }
        if (e.getCause() instanceof InputCoercionException c) {
            return at(path, shown, found(path, tree), describe(c.getTargetType()) + " in " + range(c.getTargetType()));
        }
        String written = document == null ? null : document.scalar(path);
        if (written != null && !path.isEmpty()) {
            // the text parsed as YAML, and Jackson could not read the scalar at this path as a number
            return at(path, shown, "'" + written + "'", "a finite number");
        }
        return new ConfigException(where(path) + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
    }

    /** What the node at {@code path} is, for "found ...": the scalar as written where the document has it. */
    private String found(List<String> path, JsonNode tree) {
        JsonNode node = tree == null ? null : at(tree, path);
        String written = document == null ? null : document.scalar(path);
        if (node != null && node.isNumber() && written != null) return "a number " + written;
        return found(node);
    }

    /** E.g. {@code a string "3"}, {@code a number 3}, {@code a list}, {@code nothing}. */
    public static String found(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "nothing";
        if (n.isObject()) return n.isEmpty() ? "an empty mapping" : "a mapping";
        if (n.isArray()) return n.isEmpty() ? "an empty list" : "a list";
        if (n.isTextual()) return "a string \"" + n.asText() + "\"";
        if (n.isBoolean()) return "a boolean " + n.asText();
        if (n.isNumber()) return "a number " + n.asText();
        return "a " + n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** What a Java type reads from YAML, for "expected ...". */
    public static String describe(Class<?> type) {
        if (type == null) return "a different value";
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
            return "one of " + String.join(" | ", names);
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
        if (type == Double.class || type == double.class) return "a number";
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (type.isRecord()) return "a mapping (key: value)";
        return "a " + type.getSimpleName();
    }

    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) return Integer.MIN_VALUE + ".." + Integer.MAX_VALUE;
        if (type == Long.class || type == long.class) return Long.MIN_VALUE + ".." + Long.MAX_VALUE;
        return "its type's range";
    }

    /** Path segments as written, e.g. {@code model.hidden[0].units} for {@code [model, hidden, [0], units]}. */
    public static String display(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String s : path) {
            if (!s.startsWith("[") && sb.length() > 0) sb.append('.');
            sb.append(s);
        }
        return sb.toString();
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

    /** A dotted path such as {@code hidden[0].units} as segments {@code [hidden, [0], units]}. */
    public static List<String> segments(String dotted) {
        List<String> segments = new ArrayList<>();
        for (String part : dotted.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                segments.add(part);
                continue;
            }
            if (bracket > 0) segments.add(part.substring(0, bracket));
            for (String index : part.substring(bracket).split("(?=\\[)")) segments.add(index);
        }
        return segments;
    }

    /** Jackson's path of references as segments: field names, and list indices as {@code [i]}. */
    private static List<String> segments(JsonMappingException e) {
        List<String> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) path.add(ref.getFieldName());
            else if (ref.getIndex() >= 0) path.add("[" + ref.getIndex() + "]");
        }
        return path;
    }

    /** Where a streaming parser stopped, as segments. */
    private static List<String> segments(Object processor) {
        Deque<String> parts = new ArrayDeque<>();
        if (processor instanceof JsonParser p) {
            for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
                else if (c.getCurrentName() != null) parts.push(c.getCurrentName());
            }
        }
        return new ArrayList<>(parts);
    }

    private static JsonNode at(JsonNode tree, List<String> path) {
        JsonNode n = tree;
        for (String s : path) {
            if (n == null) return null;
            n = s.startsWith("[") ? n.get(Integer.parseInt(s.substring(1, s.length() - 1))) : n.get(s);
        }
        return n;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
