package bplab.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The 1-based line of every key and list item of a YAML document, addressed by the list of
 * keys and indices leading to it (keys may themselves contain dots, as in
 * {@code vary: {model.output: ...}}). Composes SnakeYAML's node graph only; no tags construct anything.
 */
public final class YamlPositions {
    private final Map<List<String>, Integer> lines = new HashMap<>();

    private YamlPositions() {}

    public static YamlPositions of(String text) {
        YamlPositions p = new YamlPositions();
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root != null) p.walk(root, List.of());
        } catch (RuntimeException e) {
            // Malformed YAML: Jackson's parse error reports the line instead.
        }
        return p;
    }

    /** The line of a dotted path such as {@code model.hidden[0].units}, or of its nearest ancestor; 0 if unknown. */
    public int line(String dotted) {
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
        return line(segments);
    }

    private void walk(Node node, List<String> path) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) continue;
                List<String> child = append(path, key.getValue());
                lines.putIfAbsent(child, key.getStartMark().getLine() + 1);
                walk(t.getValueNode(), child);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                List<String> child = append(path, "[" + i + "]");
                lines.putIfAbsent(child, item.getStartMark().getLine() + 1);
                walk(item, child);
            }
        }
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> l = new ArrayList<>(path);
        l.add(segment);
        return List.copyOf(l);
    }

    /** The line of {@code path} or of its nearest ancestor that has one; 0 if unknown. */
    public int line(List<String> path) {
        for (int n = path.size(); n > 0; n--) {
            Integer line = lines.get(path.subList(0, n));
            if (line != null) return line;
        }
        return 0;
    }
}
