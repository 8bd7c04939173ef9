package bplab.train;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Where a result came from: versions of everything that could change it. */
public final class Provenance {
    private Provenance() {}

    public static Map<String, Object> collect(String name, long seed, String engine, List<String> command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seed", seed);
        m.put("engine", engine);
        m.put("started", OffsetDateTime.now().toString());
        m.put("command", command);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("backprop_lab", mavenVersion("dev.bplab", "backprop-lab"));
        v.put("deeplearning4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        v.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
        v.put("logback", mavenVersion("ch.qos.logback", "logback-classic"));
        v.put("java", System.getProperty("java.version"));
        v.put("java_vendor", System.getProperty("java.vendor"));
        v.put("java_vm", System.getProperty("java.vm.name"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        v.put("cpus", Runtime.getRuntime().availableProcessors());
        v.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        v.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        m.put("versions", v);
        m.put("git", git());
        return m;
    }

    /**
     * The commit of the working directory's git checkout and whether its tracked files were
     * changed ({@code dirty}); "unknown" outside a checkout or without git.
     */
    public static Map<String, Object> git() {
        Map<String, Object> g = new LinkedHashMap<>();
        String commit = run("git", "rev-parse", "HEAD");
        String status = commit == null ? null : run("git", "status", "--porcelain", "--untracked-files=no");
        g.put("commit", commit == null ? "unknown" : commit.strip());
        g.put("dirty", status == null ? "unknown" : !status.isBlank());
        return g;
    }

    /** A short command's standard output, or null if it cannot run or fails. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The version in a jar's Maven metadata, or "unknown" when running from classes. */
    public static String mavenVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
