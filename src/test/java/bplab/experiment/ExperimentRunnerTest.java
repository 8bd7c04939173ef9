package bplab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.train.EngineFactory;
import bplab.train.TrainingRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with a fake engine on a tiny IDX fixture (resume, divergence, bad input), and with the real
 * engines on a slice of the real MNIST (parallel cells).
 */
class ExperimentRunnerTest {
    @TempDir
    Path tmp;

    private final ConfigLoader loader = new ConfigLoader();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger steps = new AtomicInteger();
    private final List<String> finished = Collections.synchronizedList(new ArrayList<>());
    private Path experimentFile;

    /** Seed 13 diverges at its first step; everything else trains. */
    private final EngineFactory engines = cfg -> {
        created.incrementAndGet();
        return new ExperimentFixtures.FakeEngine(cfg.seed() == 13, steps);
    };

    private final ExperimentListener listener = new ExperimentListener() {
        @Override
        public void cellFinished(CellResult r, int total) {
            finished.add(r.cell().label() + ":" + r.status().text());
        }
    };

    @BeforeEach
    void writeExperiment() throws IOException {
        Path data = ExperimentFixtures.mnist(tmp.resolve("idx"), 40, 20);
        Path base = Files.writeString(tmp.resolve("base.yaml"), "data: {dir: " + data + "}\n"
                + "model: {hidden: [{units: 5}]}\ntraining: {epochs: 2, batch_size: 10}\n");
        experimentFile = Files.writeString(tmp.resolve("exp.yaml"), "name: fake\nbase: " + base + "\n"
                + "vary:\n  model.output: [mse_sigmoid, ce_softmax]\n  seed: [1, 2]\n");
    }

    private ExperimentOutcome run(Path file, Path out) throws IOException {
        ExperimentSpec spec = new ExperimentLoader(loader).load(file);
        List<Cell> cells = ExperimentPlan.expand(spec, loader);
        return new ExperimentRunner(engines, loader, Path.of("")).run(spec, cells, out, 1, listener);
    }

    @Test
    void eachCellTrainsIntoItsOwnDirectoryAndTheManifestRecordsIt() throws IOException {
        Path out = tmp.resolve("out");
        ExperimentOutcome o = run(experimentFile, out);
        assertThat(o.count(CellStatus.OK)).isEqualTo(4);
        assertThat(o.anyFailed()).isFalse();
        // 4 cells x 2 epochs x 4 minibatches of 10
        assertThat(steps.get()).isEqualTo(4 * 2 * 4);
        Path cell = out.resolve("model.output-ce_softmax__seed-2");
        for (String f : List.of("config.yaml", "run.json", "iterations.csv", "epochs.csv", "summary.json", "cell.json")) {
            assertThat(cell.resolve(f)).as(f).isRegularFile();
        }
        assertThat(loader.load(cell.resolve("config.yaml"), List.of()).seed()).isEqualTo(2L);
        // the fixture's generated images are no known dataset: recorded as such, with their checksums
        JsonNode provenance = new ObjectMapper().readTree(cell.resolve("run.json").toFile());
        assertThat(provenance.at("/data/identified_as").asText()).isEqualTo("unknown");
        assertThat(provenance.at("/data/md5/t10k-labels-idx1-ubyte").asText()).matches("[0-9a-f]{32}");
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("experiment.json").toFile());
        assertThat(manifest.path("cells")).hasSize(4);
        assertThat(manifest.at("/cells/3/dir").asText()).isEqualTo("model.output-ce_softmax__seed-2");
        assertThat(manifest.at("/cells/3/status").asText()).isEqualTo("ok");
        assertThat(out.resolve("experiment.yaml")).hasSameTextualContentAs(experimentFile);
    }

    @Test
    void rerunSkipsFinishedCellsAndRerunsIncompleteOnes() throws IOException {
        Path out = tmp.resolve("out");
        run(experimentFile, out);
        int stepsAfterFirst = steps.get();
        int createdAfterFirst = created.get();

        finished.clear();
        ExperimentOutcome again = run(experimentFile, out);
        assertThat(again.count(CellStatus.DONE)).isEqualTo(4);
        assertThat(steps.get()).isEqualTo(stepsAfterFirst);
        assertThat(created.get()).as("no engine built when nothing is pending").isEqualTo(createdAfterFirst);
        assertThat(finished).allMatch(s -> s.endsWith(":done"));

        // A cell that died after its last checkpoint: it resumes there, with nothing left to train.
        Path cell = out.resolve("model.output-mse_sigmoid__seed-2");
        Files.delete(cell.resolve(TrainingRun.SUMMARY_FILE));
        ExperimentOutcome resumed = run(experimentFile, out);
        assertThat(resumed.count(CellStatus.OK)).isEqualTo(1);
        assertThat(steps.get()).isEqualTo(stepsAfterFirst);
        assertThat(cell.resolve(TrainingRun.SUMMARY_FILE)).isRegularFile();

        // A cell that died before any checkpoint: summary.json missing, a stale model file left over.
        Files.delete(cell.resolve(TrainingRun.SUMMARY_FILE));
        Files.delete(cell.resolve(bplab.train.Checkpoint.FILE));
        Files.writeString(cell.resolve("model.zip.tmp"), "partial");
        // watched with --ui: DL4J's statistics file and, after a crash, its write-ahead log
        assertThat(ExperimentDirectory.UI_STATS_FILE).isEqualTo(bplab.ui.StatsRecorder.FILE);
        Files.writeString(cell.resolve("ui-stats.bin"), "partial");
        Files.writeString(cell.resolve("ui-stats.bin.wal.0"), "partial");
        ExperimentOutcome third = run(experimentFile, out);
        assertThat(third.count(CellStatus.DONE)).isEqualTo(3);
        assertThat(third.count(CellStatus.OK)).isEqualTo(1);
        assertThat(steps.get()).isEqualTo(stepsAfterFirst + 2 * 4);
        assertThat(cell.resolve(TrainingRun.SUMMARY_FILE)).isRegularFile();
        assertThat(cell.resolve("model.zip.tmp")).doesNotExist();
        assertThat(cell.resolve("ui-stats.bin")).doesNotExist();
        assertThat(cell.resolve("ui-stats.bin.wal.0")).doesNotExist();
    }

    @Test
    void aDivergedCellIsRecordedTheOthersStillRunAndItIsNotRetried() throws IOException {
        Path file = Files.writeString(tmp.resolve("div.yaml"), Files.readString(experimentFile).replace("seed: [1, 2]", "seed: [13, 2]"));
        Path out = tmp.resolve("div");
        ExperimentOutcome o = run(file, out);
        assertThat(o.count(CellStatus.DIVERGED)).isEqualTo(2);
        assertThat(o.count(CellStatus.OK)).isEqualTo(2);
        assertThat(o.anyFailed()).isTrue();
        Path diverged = out.resolve("model.output-mse_sigmoid__seed-13");
        JsonNode record = new ObjectMapper().readTree(diverged.resolve("cell.json").toFile());
        assertThat(record.path("status").asText()).isEqualTo("diverged");
        assertThat(record.path("message").asText()).contains("training diverged at iteration 0");
        assertThat(diverged.resolve("iterations.csv")).isRegularFile();

        int before = steps.get();
        ExperimentOutcome again = run(file, out);
        assertThat(again.count(CellStatus.DIVERGED)).isEqualTo(2);
        assertThat(again.count(CellStatus.DONE)).isEqualTo(2);
        assertThat(steps.get()).isEqualTo(before);
    }

    @Test
    void aFinishedCellWithAnotherConfigStopsTheRerunBeforeTraining() throws IOException {
        Path out = tmp.resolve("out");
        run(experimentFile, out);
        Path changed = Files.writeString(tmp.resolve("exp.yaml"), Files.readString(experimentFile) + "set: {training.epochs: 3}\n");
        int before = steps.get();
        assertThatThrownBy(() -> run(changed, out)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.output-mse_sigmoid__seed-1").hasMessageContaining("different config");
        assertThat(steps.get()).isEqualTo(before);
    }

    @Test
    void anEngineThatCannotBeBuiltStopsTheExperimentBeforeAnyCellRuns() throws IOException {
        EngineFactory unavailable = cfg -> {
            throw new ConfigException("engine: found handwritten, but this build has no hand-written engine yet; expected dl4j");
        };
        ExperimentSpec spec = new ExperimentLoader(loader).load(experimentFile);
        List<Cell> cells = ExperimentPlan.expand(spec, loader);
        Path out = tmp.resolve("none");
        assertThatThrownBy(() -> new ExperimentRunner(unavailable, loader, Path.of("")).run(spec, cells, out, 1, listener))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no cell was run");
        assertThat(out.resolve("model.output-mse_sigmoid__seed-1")).doesNotExist();
    }

    /**
     * Real engines on a slice of the real MNIST: two cells at a time must write what they write one at a
     * time, byte for byte. Each engine kind runs beside a cell of its own kind in the other precision, so
     * shared state between engines (DL4J's global data type and workspaces, the hand-written engine's
     * worker threads) would show. Only epochs.csv's timing columns may differ.
     */
    @Test
    void parallelCellsWriteTheSameFilesAsSequentialOnes() throws IOException {
        EngineFactory real = cfg -> switch (cfg.engine()) {
            case DL4J -> new bplab.dl4j.Dl4jEngine(cfg);
            case HANDWRITTEN -> new bplab.handwritten.HandwrittenEngine(cfg);
        };
        Path base = Files.writeString(tmp.resolve("real-base.yaml"), "data: {dir: "
                + Path.of("data/mnist").toAbsolutePath() + ", train_limit: 300, test_limit: 100}\n"
                + "model: {hidden: [{units: 30}]}\ntraining: {epochs: 2, batch_size: 20, updater: {learning_rate: 0.5}}\n");
        Path file = Files.writeString(tmp.resolve("real.yaml"), "name: real\nbase: " + base + "\n"
                + "vary:\n  engine: [handwritten, dl4j]\n  model.dtype: [double, float]\n");
        ExperimentSpec spec = new ExperimentLoader(loader).load(file);
        List<Cell> cells = ExperimentPlan.expand(spec, loader);
        assertThat(cells).hasSize(4);
        ExperimentOutcome sequential = new ExperimentRunner(real, loader, Path.of("")).run(spec, cells, tmp.resolve("seq"), 1, listener);
        ExperimentOutcome parallel = new ExperimentRunner(real, loader, Path.of("")).run(spec, cells, tmp.resolve("par"), 2, listener);
        assertThat(sequential.count(CellStatus.OK)).isEqualTo(4);
        assertThat(parallel.count(CellStatus.OK)).isEqualTo(4);
        List<String> iterations = new ArrayList<>();
        for (Cell c : cells) {
            Path s = tmp.resolve("seq").resolve(c.dirName());
            Path p = tmp.resolve("par").resolve(c.dirName());
            // 300 / 20 = 15 minibatches per epoch, 2 epochs
            assertThat(Files.readAllLines(s.resolve("iterations.csv"))).as(c.label()).hasSize(1 + 30);
            assertThat(Files.readString(p.resolve("iterations.csv"))).as(c.label() + " iterations.csv")
                    .isEqualTo(Files.readString(s.resolve("iterations.csv")));
            assertThat(Files.readString(p.resolve("confusion.csv"))).as(c.label() + " confusion.csv")
                    .isEqualTo(Files.readString(s.resolve("confusion.csv")));
            assertThat(withoutTiming(p.resolve("epochs.csv"))).as(c.label() + " epochs.csv")
                    .isEqualTo(withoutTiming(s.resolve("epochs.csv")));
            iterations.add(Files.readString(s.resolve("iterations.csv")));
        }
        // the cells are not all the same run: double and float, DL4J and hand-written each write their own rows
        assertThat(iterations).doesNotHaveDuplicates();
        for (int i = 0; i < 4; i++) {
            assertThat(parallel.results().get(i).finalTestAccuracy()).isEqualTo(sequential.results().get(i).finalTestAccuracy());
        }
    }

    /** epochs.csv without its last two columns, seconds and examples_per_second (wall-clock measurements). */
    private static List<String> withoutTiming(Path epochs) throws IOException {
        List<String> header = Files.readAllLines(epochs);
        assertThat(header.get(0)).endsWith(",seconds,examples_per_second");
        return header.stream().map(line -> line.replaceFirst(",[^,]*,[^,]*$", "")).toList();
    }

    @Test
    void aStopRequestDuringParallelCellsIsAnInterruptionNotAFailure() throws IOException {
        ExperimentSpec spec = new ExperimentLoader(loader).load(experimentFile);
        List<Cell> cells = ExperimentPlan.expand(spec, loader);
        int before = steps.get();
        java.util.function.BooleanSupplier afterAFewSteps = () -> steps.get() - before >= 3;
        assertThatThrownBy(() -> new ExperimentRunner(engines, loader, Path.of("")).stopWhen(afterAFewSteps)
                .run(spec, cells, tmp.resolve("stopped"), 2, listener))
                .isInstanceOf(bplab.train.RunInterruptedException.class);
    }
}
