package bplab.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The one YAML reader of run configs and experiment files: reads a file of at most
 * {@link #MAX_BYTES} bytes as UTF-8, composes SnakeYAML's node graph (syntax errors, a second
 * document and duplicate keys are reported here, from SnakeYAML's own marks), records the
 * 1-based line and the written text of every key, list item and scalar, and reads the same
 * text with Jackson into a {@link JsonNode} tree. Plain data only: no YAML tag constructs anything.
 *
 * <p>Paths address a node by the keys and indices leading to it, e.g. {@code [model, hidden, [0],
 * units]}; keys may contain dots themselves, as in {@code [vary, model.output, [1]]}.
 * Errors about the document come from {@link #errors()}.
 */
public final class YamlDocument {
    /** Config and experiment files are small; anything larger is refused before parsing. */
    public static final long MAX_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 20;

    /** What kind of text is read, as error messages name it; only a value may be null ({@code ~}). */
    public record Kind(String file, String document, boolean mayBeNull) {
        public static final Kind CONFIG = new Kind("a YAML config file (see config/ for examples)",
                "a YAML mapping with keys such as name, model, training", false);
        public static final Kind EXPERIMENT = new Kind("an experiment YAML file (see experiments/ for examples)",
                "a YAML mapping with keys base and vary", false);
        /** The VALUE of a {@code --set KEY=VALUE}. */
        public static final Kind VALUE = new Kind("a YAML value", "a YAML value such as 2, 0.1, relu or [1, 2]", true);
    }

    private final String source;
    private final JsonNode tree;
    private final Map<List<String>, Integer> lines;
    private final Map<List<String>, String> scalars;

    private YamlDocument(String source, JsonNode tree, Map<List<String>, Integer> lines, Map<List<String>, String> scalars) {
        this.source = source;
        this.tree = tree;
        this.lines = lines;
        this.scalars = scalars;
    }

    /** The limits every YAML parse of this project uses (Jackson's factory and the composer here). */
    public static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) MAX_BYTES);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(MAX_DEPTH);
        return options;
    }

    /** Reads {@code file}: size limit, UTF-8, then {@link #parse}. */
    public static YamlDocument read(Path file, Kind kind, ObjectMapper mapper) {
        String text;
        try {
            if (Files.isDirectory(file)) throw new ConfigException(file + ": is a directory; expected " + kind.file());
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file + ": " + size + " bytes; expected " + kind.file() + " of at most " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; expected " + kind.file());
        } catch (MalformedInputException e) {
            throw new ConfigException(file + ": not valid UTF-8 text; expected " + kind.file());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text, kind, mapper);
    }

    /** Parses YAML text; {@code source} names where it came from in error messages. */
    public static YamlDocument parse(String source, String text, Kind kind, ObjectMapper mapper) {
        if (text.isBlank()) throw new ConfigException(source + ": the file is empty; expected " + kind.document());
        Node root;
        try {
            root = new Yaml(loaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : ", line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            String problem = e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext() : e.getContext() + ": " + e.getProblem();
            throw new ConfigException(source + where + ": not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        Map<List<String>, Integer> lines = new HashMap<>();
        Map<List<String>, String> scalars = new HashMap<>();
        if (root == null) {
            throw new ConfigException(source + ": the document is empty (null); expected " + kind.document());
        }
        lines.put(List.of(), root.getStartMark().getLine() + 1);
        walk(source, root, List.of(), lines, scalars, 0);
        YamlDocument positions = new YamlDocument(source, null, lines, scalars);
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw positions.errors().fromJackson(e, null);
        }
        if (tree == null || tree.isMissingNode() || (tree.isNull() && !kind.mayBeNull())) {
            throw new ConfigException(source + ": the document is empty (null); expected " + kind.document());
        }
        return new YamlDocument(source, tree, lines, scalars);
    }

    private static void walk(String source, Node node, List<String> path, Map<List<String>, Integer> lines,
                             Map<List<String>, String> scalars, int depth) {
        if (depth > MAX_DEPTH) return;
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) continue;
                List<String> child = append(path, key.getValue());
                int line = key.getStartMark().getLine() + 1;
                Integer first = lines.putIfAbsent(child, line);
                if (first != null) {
                    throw new ConfigException(source + ", line " + line + ": " + YamlErrors.display(child)
                            + ": found the key a second time (first on line " + first + "), expected each key once");
                }
                walk(source, t.getValueNode(), child, lines, scalars, depth + 1);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                List<String> child = append(path, "[" + i + "]");
                lines.putIfAbsent(child, item.getStartMark().getLine() + 1);
                walk(source, item, child, lines, scalars, depth + 1);
            }
        } else if (node instanceof ScalarNode scalar) {
            scalars.put(path, scalar.getValue());
        }
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> l = new ArrayList<>(path);
        l.add(segment);
        return List.copyOf(l);
    }

    /** Where the document came from (a file name), as error messages begin. */
    public String source() {
        return source;
    }

    /** The document as Jackson reads it: a mapping, list or scalar, never null. */
    public JsonNode tree() {
        return tree;
    }

    /** The 1-based line of {@code path} or of its nearest ancestor that has one (the document's first line for []); 0 if unknown. */
    public int line(List<String> path) {
        for (int n = path.size(); n >= 0; n--) {
            Integer line = lines.get(path.subList(0, n));
            if (line != null) return line;
        }
        return 0;
    }

    /** The scalar exactly as written at {@code path} (e.g. {@code .nan}, {@code 1e400}), or null if it is not a scalar. */
    public String scalar(List<String> path) {
        return scalars.get(path);
    }

    /** The error builder for this document: its source, lines and written scalars. */
    public YamlErrors errors() {
        return new YamlErrors(source, this);
    }
}
