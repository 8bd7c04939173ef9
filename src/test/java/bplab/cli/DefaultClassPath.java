package bplab.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The class path every command but {@code experiment --spark} runs on: the test class path without
 * the jars of the {@code provided} scope (Spark and what only Spark needs, target/spark-lib in a
 * build), as Maven lists them in {@code bplab.provided.classpath} (pom, dependency:build-classpath).
 * Tests that start child JVMs with it see what a user's {@code java -jar backprop-lab.jar} sees.
 */
final class DefaultClassPath {
    private DefaultClassPath() {}

    static String get() {
        String provided = System.getProperty("bplab.provided.classpath");
        if (provided == null || provided.isBlank() || provided.startsWith("${")) {
            throw new IllegalStateException("bplab.provided.classpath is not set: run the tests through Maven (mvn test), "
                    + "whose dependency:build-classpath execution sets it");
        }
        Set<Path> spark = Arrays.stream(provided.split(File.pathSeparator)).map(DefaultClassPath::normal)
                .collect(Collectors.toSet());
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !spark.contains(normal(e))).collect(Collectors.joining(File.pathSeparator));
    }

    /** How many entries of the test class path are Spark's (a check that the split happened). */
    static int sparkEntries() {
        return System.getProperty("java.class.path").split(File.pathSeparator).length
                - get().split(File.pathSeparator).length;
    }

    private static Path normal(String entry) {
        return Path.of(entry).toAbsolutePath().normalize();
    }
}
