package bplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.ConfigLoader;
import bplab.experiment.Cell;
import bplab.experiment.CellResult;
import bplab.experiment.CellStatus;
import bplab.experiment.ExperimentListener;
import bplab.experiment.ExperimentLoader;
import bplab.experiment.ExperimentOutcome;
import bplab.experiment.ExperimentPlan;
import bplab.experiment.ExperimentRunner;
import bplab.experiment.ExperimentSpec;
import bplab.train.RunInterruptedException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Spark cluster on loopback: Spark's own Master and Worker, each a separate
 * JVM started from this project's classpath (as scripts/spark-cluster.sh does from the build),
 * executors launched by the worker with the application jar shipped by the driver. A 4-cell
 * grid survives its executor being killed with SIGKILL in the middle of a cell, with the same
 * metrics as in process; a stop request cancels the jobs, keeps the finished cells, and a rerun
 * completes the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {
    private static final long TIMEOUT_SECONDS = 600;
    private static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect",
            "java.base/java.io", "java.base/java.net", "java.base/java.nio", "java.base/java.util", "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic", "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/sun.nio.cs",
            "java.base/sun.security.action", "java.base/sun.util.calendar");

    @TempDir
    static Path tmp;

    private final String marker = "bplab.test.cluster=" + UUID.randomUUID();
    private final List<Process> started = new ArrayList<>();
    private Path sparkHome;
    private Path workDir;
    private Path appJar;
    private String masterUrl;
    private Path experimentFile;
    private Path reference;

    @BeforeAll
    void startClusterAndRunTheGridInProcess() throws Exception {
        experimentFile = Files.writeString(tmp.resolve("grid.yaml"), """
                name: grid
                base: config/ce-softmax.yaml
                vary:
                  model.output: [mse_sigmoid, ce_softmax]
                  seed: [1, 2]
                overrides:
                  mse_sigmoid: { training.updater.learning_rate: 3.0 }
                set:
                  engine: handwritten
                  data.train_limit: 2000
                  data.test_limit: 300
                  training.epochs: 2
                  training.batch_size: 10
                  model.dtype: double
                  model.hidden: [{units: 16}]
                """);
        reference = tmp.resolve("in-process");
        ExperimentSpec spec = spec();
        ExperimentOutcome o = new ExperimentRunner(Engines::create, new ConfigLoader(), Path.of(""))
                .run(spec, cells(spec), reference, 1, ExperimentListener.NONE);
        assertThat(o.count(CellStatus.OK)).isEqualTo(4);

        // A Spark home whose jars/ holds this classpath's jars (Spark, DL4J, ...) but not our classes:
        // those reach the executors only in the application jar the driver ships.
        sparkHome = Files.createDirectories(tmp.resolve("spark-home"));
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !p.getFileName().toString().startsWith("surefire")
                    && !Files.exists(jars.resolve(p.getFileName()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        Path conf = Files.createDirectories(sparkHome.resolve("conf"));
        Files.writeString(conf.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.spark" level="INFO"/>
                  <logger name="bplab" level="WARN"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        appJar = jarOf(Path.of("target/classes"), tmp.resolve("backprop-lab-test.jar"));
        workDir = Files.createDirectories(tmp.resolve("work"));

        Path masterLog = tmp.resolve("master.log");
        start(masterLog, "256m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
        Matcher m = awaitLine(masterLog, Pattern.compile("Starting Spark master at (spark://\\S+)"));
        masterUrl = m.group(1);
        Path workerLog = tmp.resolve("worker.log");
        start(workerLog, "256m", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0", "--webui-port", "0",
                "--cores", "2", "--memory", "1g", "--work-dir", workDir.toString(), masterUrl);
        awaitLine(workerLog, Pattern.compile("Successfully registered with master"));
    }

    @AfterAll
    void stopCluster() {
        // executors first (children of the worker), then worker and master
        for (ProcessHandle p : executors()) p.destroyForcibly();
        Collections.reverse(started);
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : started) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void theGridSurvivesAKilledExecutorWithTheSameResults() throws Exception {
        Path out = tmp.resolve("killed");
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        List<String> ends = Collections.synchronizedList(new ArrayList<>());
        Thread killer = new Thread(() -> {
            // mid-cell: a task's run directory in the executor's scratch space has iterations on record
            Optional<Path> running = awaitValue(() -> runningCell().filter(SparkClusterTest::hasRows));
            List<ProcessHandle> victims = executors();
            notes.add("killing " + victims.size() + " executor(s) while " + running.orElseThrow() + " trains");
            victims.forEach(ProcessHandle::destroyForcibly); // SIGKILL
        }, "executor-killer");
        killer.setDaemon(true);
        killer.start();
        ExperimentOutcome o = runOnCluster(out, () -> false, listener(notes, ends));
        killer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(notes).as("notes").anyMatch(n -> n.startsWith("killing 1 executor(s)"));
        // the cell that was training lost its attempt with the executor and ran again on a new one
        assertThat(notes).as("notes").anyMatch(n -> n.contains("ExecutorLostFailure"));
        assertThat(o.count(CellStatus.OK)).as("ends %s, notes %s", ends, notes).isEqualTo(4);
        assertSameAsReference(out, o.results().stream().map(r -> r.cell().dirName()).toList());
        assertThat(Files.readString(out.resolve("model.output-ce_softmax__seed-2/run.json"))).contains("\"master\" : \"" + masterUrl);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aStopCancelsTheJobKeepsFinishedCellsAndARerunCompletesTheRest() throws Exception {
        Path out = tmp.resolve("stopped");
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        List<String> ends = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExperimentListener l = new ExperimentListener() {
            @Override
            public void cellFinished(CellResult r, int total) {
                ends.add(r.cell().dirName());
                stop.set(true); // Ctrl-C as soon as the first cell is in
            }
        };
        assertThatThrownBy(() -> runOnCluster(out, stop::get, l)).isInstanceOf(RunInterruptedException.class)
                .hasMessageContaining("the Spark jobs were cancelled");
        assertThat(ends).isNotEmpty().hasSizeLessThan(4);
        List<String> finished = new ArrayList<>(ends);
        assertSameAsReference(out, finished);
        for (Cell c : cells(spec())) {
            if (!finished.contains(c.dirName())) assertThat(out.resolve(c.dirName()).resolve("summary.json")).doesNotExist();
        }
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".spark-"));
        }

        ExperimentOutcome again = runOnCluster(out, () -> false, listener(notes, new ArrayList<>()));
        assertThat(again.count(CellStatus.DONE)).isEqualTo(finished.size());
        assertThat(again.count(CellStatus.OK)).isEqualTo(4 - finished.size());
        assertSameAsReference(out, again.results().stream().map(r -> r.cell().dirName()).toList());
    }

    private ExperimentOutcome runOnCluster(Path out, BooleanSupplier stop, ExperimentListener listener) throws IOException {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.executor.memory", "1g");
        conf.put("spark.executor.extraJavaOptions", "-D" + marker);
        conf.put("spark.jars", appJar.toString());
        ExperimentSpec spec = spec();
        return new ExperimentRunner(Engines::create, new ConfigLoader(), Path.of("")).stopWhen(stop)
                .run(spec, cells(spec), out, SparkOption.executor(masterUrl, conf), listener);
    }

    private static ExperimentListener listener(List<String> notes, List<String> ends) {
        return new ExperimentListener() {
            @Override
            public void cellNote(Cell cell, int total, String note) {
                notes.add(cell.dirName() + ": " + note);
            }

            @Override
            public void cellFinished(CellResult r, int total) {
                ends.add(r.cell().dirName() + ": " + r.status() + " " + r.message());
            }
        };
    }

    private void assertSameAsReference(Path out, List<String> cells) throws IOException {
        assertThat(cells).isNotEmpty();
        for (String cell : cells) {
            Path a = reference.resolve(cell);
            Path b = out.resolve(cell);
            assertThat(Files.mismatch(a.resolve("iterations.csv"), b.resolve("iterations.csv"))).as(cell + " iterations.csv").isEqualTo(-1L);
            assertThat(SparkExperimentTest.withoutTiming(b.resolve("epochs.csv"))).as(cell + " epochs.csv")
                    .isEqualTo(SparkExperimentTest.withoutTiming(a.resolve("epochs.csv")));
            assertThat(b.resolve("summary.json")).isRegularFile();
        }
    }

    private ExperimentSpec spec() {
        return new ExperimentLoader(new ConfigLoader()).load(experimentFile);
    }

    private static List<Cell> cells(ExperimentSpec spec) {
        return ExperimentPlan.expand(spec, new ConfigLoader());
    }

    /** This JVM's executors: the worker's CoarseGrainedExecutorBackend processes carrying this test's marker. */
    private List<ProcessHandle> executors() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("CoarseGrainedExecutorBackend") && c.contains(marker)).orElse(false)).toList();
    }

    private void start(Path log, String heap, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        for (String o : OPENS) cmd.add("--add-opens=" + o + "=ALL-UNNAMED");
        cmd.add("-Dlogback.configurationFile=" + sparkHome.resolve("conf/logback.xml"));
        cmd.add("-D" + marker);
        cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", Files.createDirectories(tmp.resolve("local")).toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        started.add(pb.start());
    }

    /** Waits for a line matching {@code pattern} in a process's log; fails with the log if it does not come. */
    private Matcher awaitLine(Path log, Pattern pattern) {
        Optional<Matcher> m = awaitValue(() -> {
            try {
                Matcher x = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
                return x.find() ? Optional.of(x) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        if (m.isEmpty()) {
            String text;
            try {
                text = Files.readString(log);
            } catch (IOException e) {
                text = e.toString();
            }
            throw new AssertionError("no line matching " + pattern + " in " + log + ":\n" + text);
        }
        return m.get();
    }

    /** Polls {@code probe} until it has a value (an event: a file or a log line appearing), up to the timeout. */
    private static <T> Optional<T> awaitValue(java.util.function.Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<T> v = probe.get();
            if (v.isPresent()) return v;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return Optional.empty();
    }

    /** iterations.csv of a cell training in a task's scratch directory (under the worker's work or local dirs). */
    private Optional<Path> runningCell() {
        for (Path root : List.of(workDir, tmp.resolve("local"))) {
            try (Stream<Path> s = Files.walk(root)) {
                Optional<Path> f = s.filter(p -> p.getFileName().toString().equals("iterations.csv")
                        && p.toString().contains("bplab-cell-")).findFirst();
                if (f.isPresent()) return f;
            } catch (IOException | java.io.UncheckedIOException e) {
                // a task directory vanished while walking: look again next time
            }
        }
        return Optional.empty();
    }

    private static boolean hasRows(Path csv) {
        try {
            return Files.readAllLines(csv).size() > 2;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f); Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
