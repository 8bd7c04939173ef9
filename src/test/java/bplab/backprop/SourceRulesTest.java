package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine must stay a java.*-only, print-free package so it can be trusted as a reference. */
class SourceRulesTest {
    private static final Path MAIN = Path.of("src/main/java/bplab/backprop");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void mainSourcesImportOnlyJavaPackages() throws IOException {
        List<Path> files = sources();
        assertThat(files).hasSizeGreaterThan(5);
        List<String> offending = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                String t = line.strip();
                if (t.startsWith("import ") && !t.startsWith("import java.") && !t.startsWith("import static java.")) {
                    offending.add(f.getFileName() + ": " + t);
                }
            }
        }
        assertThat(offending).as("non-java.* imports").isEmpty();
    }

    @Test
    void mainSourcesNeitherPrintNorLogNorUseFullyQualifiedForeignPackages() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path f : sources()) {
            String src = Files.readString(f);
            for (String banned : new String[] {"System.out", "System.err", "printStackTrace", "java.util.logging",
                    "org.", "com.", "lombok"}) {
                for (String line : src.split("\n")) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                        continue;
                    }
                    if (code.contains(banned)) {
                        offending.add(f.getFileName() + ": " + code);
                    }
                }
            }
        }
        assertThat(offending).isEmpty();
    }
}
