package bplab.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Package dependencies point one way: the compiled classes' package graph (read with the JDK's
 * jdeps) has no cycle. A new import that closes one fails here, naming the packages.
 */
class PackageCyclesTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void theProjectsPackagesFormNoCycle() {
        Map<String, Set<String>> graph = packageGraph();
        // the graph was read: the command layer reaches the engines and the training loop
        assertThat(graph.getOrDefault("bplab.cli", Set.of())).contains("bplab.train", "bplab.dl4j", "bplab.handwritten");
        assertThat(graph.getOrDefault("bplab.dl4j", Set.of())).doesNotContain("bplab.backprop", "bplab.handwritten");
        assertThat(graph.getOrDefault("bplab.backprop", Set.of())).isEmpty();
        assertThat(cycles(graph)).as("package cycles in %s", graph).isEmpty();
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of());
        assertThat(cycles(graph)).containsExactly(new TreeSet<>(List.of("a", "b", "c")));
        graph.put("c", Set.of("d"));
        assertThat(cycles(graph)).isEmpty();
    }

    /** bplab package -> the other bplab packages its classes use. */
    private static Map<String, Set<String>> packageGraph() {
        assertThat(Files.isDirectory(CLASSES)).as("compiled classes in " + CLASSES).isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("the JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none", CLASSES.toString());
        assertThat(rc).as(out.toString()).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length >= 3 && t[1].equals("->") && t[0].startsWith("bplab") && t[2].startsWith("bplab") && !t[0].equals(t[2])) {
                graph.computeIfAbsent(t[0], k -> new TreeSet<>()).add(t[2]);
            }
        }
        return graph;
    }

    /** Strongly connected components of more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) connect(v, graph, index, low, stack, onStack, found);
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) found.add(component);
        }
    }
}
