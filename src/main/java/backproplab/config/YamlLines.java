package backproplab.config;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Maps each YAML path ({@code model.hidden[0].units}) to the 1-based line where its key (or
 * list item) starts, so errors found after binding can still point at the right line.
 * Uses SnakeYAML's node graph only: nothing is constructed from tags.
 */
final class YamlLines {
    private YamlLines() {}

    static Map<String, Integer> index(String text, LoaderOptions options) {
        Map<String, Integer> lines = new HashMap<>();
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root != null) walk(root, "", lines);
        } catch (RuntimeException e) {
            // Malformed YAML: the parser's own error carries the line instead.
        }
        return lines;
    }

    private static void walk(Node node, String path, Map<String, Integer> lines) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) continue;
                String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                lines.putIfAbsent(child, key.getStartMark().getLine() + 1);
                walk(t.getValueNode(), child, lines);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String child = path + "[" + i + "]";
                lines.putIfAbsent(child, item.getStartMark().getLine() + 1);
                walk(item, child, lines);
            }
        }
    }

    /** The line of {@code path}, or of its nearest enclosing path that has one; 0 if none. */
    static int lineOf(Map<String, Integer> lines, String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) return line;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }
}
