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
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one YAML reader of run configs, {@code --set} values and experiment files: reads a file of
 * at most {@link #MAX_BYTES} bytes as UTF-8 and the text with Jackson into a {@link JsonNode}
 * tree. For error messages it knows the 1-based line and the written text of every key, list item
 * and scalar, from SnakeYAML's node graph, composed when first needed; syntax errors, a second
 * document and duplicate keys are reported from that graph, with SnakeYAML's own marks.
 * Plain data only: no YAML tag constructs anything.
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
    private final String text;
    private final JsonNode tree;
    private Map<List<String>, Integer> lines;
    private Map<List<String>, String> scalars;

    private YamlDocument(String source, String text, JsonNode tree) {
        this.source = source;
        this.text = text;
        this.tree = tree;
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

    /**
     * Parses YAML text; {@code source} names where it came from in error messages. Jackson reads
     * the tree; SnakeYAML's node graph (lines, scalars as written) is composed only when an error
     * needs it, and composing it is also what reports syntax errors and duplicate keys.
     */
    public static YamlDocument parse(String source, String text, Kind kind, ObjectMapper mapper) {
        if (text.isBlank()) throw new ConfigException(source + ": the file is empty; expected " + kind.document());
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            YamlDocument failed = new YamlDocument(source, text, null);
            failed.compose(); // throws for a syntax error, a second document or a duplicate key
            throw failed.errors().fromJackson(e, null);
        }
        if (tree == null || tree.isMissingNode() || (tree.isNull() && !kind.mayBeNull())) {
            throw new ConfigException(source + ": the document is empty (null); expected " + kind.document());
        }
        return new YamlDocument(source, text, tree);
    }

    /** Composes SnakeYAML's node graph once and records every path's line and scalar. */
    private void compose() {
        if (lines != null) return;
        Node root;
        try {
            LoaderOptions options = loaderOptions();
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : ", line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            String problem = e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext() : e.getContext() + ": " + e.getProblem();
            throw new ConfigException(source + where + ": not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        Map<List<String>, Integer> l = new HashMap<>();
        Map<List<String>, String> sc = new HashMap<>();
        if (root != null) {
            l.put(List.of(), root.getStartMark().getLine() + 1);
            walk(source, root, List.of(), l, sc, 0);
        }
        lines = l;
        scalars = sc;
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
        compose();
        for (int n = path.size(); n >= 0; n--) {
            Integer line = lines.get(path.subList(0, n));
            if (line != null) return line;
        }
        return 0;
    }

    /** The scalar exactly as written at {@code path} (e.g. {@code .nan}, {@code 1e400}), or null if it is not a scalar. */
    public String scalar(List<String> path) {
        compose();
        return scalars.get(path);
    }

    /** The error builder for this document: its source, lines and written scalars. */
    public YamlErrors errors() {
        return new YamlErrors(source, this);
    }
}
