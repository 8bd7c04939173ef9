package bplab.experiment;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.DataConfig;
import bplab.config.EngineKind;
import bplab.config.RunConfig;
import bplab.data.DataException;
import bplab.data.DataSplit;
import bplab.train.DivergenceException;
import bplab.train.EngineFactory;
import bplab.train.RunDirectory;
import bplab.train.RunInterruptedException;
import bplab.train.RunSummary;
import bplab.train.TrainingEngine;
import bplab.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the cells of an experiment, each into its own run directory under the experiment
 * directory. Cells finished by an earlier invocation are skipped (resume). Before training
 * anything it loads every data split the pending cells need (once per distinct data section)
 * and builds one engine of each kind, so bad input stops the experiment before any work.
 * A diverged or failed cell is recorded and the experiment continues; bad input (config,
 * data, directory) stops it.
 */
public final class ExperimentRunner {
    private final EngineFactory engines;
    private final ConfigLoader loader;
    private final Path dataBaseDir;
    private java.util.function.BooleanSupplier stopRequested = () -> false;
    private bplab.train.RunWatcher watcher = bplab.train.RunWatcher.NONE;

    /** @param dataBaseDir directory that relative {@code data.dir} paths are taken from */
    /** Polled after every iteration; when true the running cell checkpoints and the experiment stops. */
    public ExperimentRunner stopWhen(java.util.function.BooleanSupplier stopRequested) {
        this.stopRequested = stopRequested;
        return this;
    }

    /** Lets {@code watcher} see every cell's engine while it trains. */
    public ExperimentRunner watchedBy(bplab.train.RunWatcher watcher) {
        this.watcher = watcher;
        return this;
    }

    public ExperimentRunner(EngineFactory engines, ConfigLoader loader, Path dataBaseDir) {
        this.engines = engines;
        this.loader = loader;
        this.dataBaseDir = dataBaseDir;
    }

    /** What each cell's directory under {@code dir} holds now; used for --dry-run and resume. */
    public Map<Integer, ExperimentDirectory.Existing> inspect(Path dir, List<Cell> cells) {
        Map<Integer, ExperimentDirectory.Existing> m = new HashMap<>();
        for (Cell c : cells) m.put(c.index(), ExperimentDirectory.inspect(dir.resolve(c.dirName()), c, loader));
        return m;
    }

    public ExperimentOutcome run(ExperimentSpec spec, List<Cell> cells, Path dir, int parallel, ExperimentListener listener)
            throws IOException {
        return run(spec, cells, dir, inProcess(engines, parallel), listener);
    }

    /** Trains the cells in this process, {@code parallel} at a time: the default executor. */
    public static CellExecutor inProcess(EngineFactory engines, int parallel) {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be >= 1, was " + parallel);
        return work -> runInProcess(engines, parallel, work);
    }

    /** Runs the pending cells with {@code executor}; everything else (skipping, records, report data) as always. */
    public ExperimentOutcome run(ExperimentSpec spec, List<Cell> cells, Path dir, CellExecutor executor, ExperimentListener listener)
            throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunDirectory.RunDirectoryException(dir + ": cannot create the experiment directory (" + e.getMessage() + ")");
        }
        Map<Integer, ExperimentDirectory.Existing> existing = inspect(dir, cells);
        ExperimentDirectory.copySource(spec, dir);
        Map<Integer, CellStatus> status = new ConcurrentHashMap<>();
        Map<Integer, String> messages = new ConcurrentHashMap<>();
        existing.forEach((i, e) -> {
            status.put(i, e.status());
            messages.put(i, e.message());
        });
        ExperimentDirectory.writeManifest(dir, spec, cells, status, messages);

        List<Cell> pending = cells.stream().filter(c -> existing.get(c.index()).status() == CellStatus.PENDING).toList();
        Map<DataConfig, DataSplit> data = preflight(pending);

        CellResult[] results = new CellResult[cells.size()];
        for (Cell c : cells) {
            ExperimentDirectory.Existing e = existing.get(c.index());
            if (e.status() != CellStatus.PENDING) {
                results[c.index()] = new CellResult(c, e.status() == CellStatus.DIVERGED ? CellStatus.DIVERGED : CellStatus.DONE,
                        e.finalTestAccuracy(), e.bestTestAccuracy(), e.wallSeconds(), e.message());
                listener.cellFinished(results[c.index()], cells.size());
            }
        }
        CellWork work = new CellWork(spec, cells, pending, dir, data, listener, stopRequested, watcher, status, messages, results);
        if (!pending.isEmpty()) executor.execute(work);
        ExperimentDirectory.writeManifest(dir, spec, cells, status, messages);
        List<CellResult> ordered = new ArrayList<>();
        for (CellResult r : results) if (r != null) ordered.add(r);
        return new ExperimentOutcome(dir, ordered);
    }

    private static void runInProcess(EngineFactory engines, int parallel, CellWork work) throws IOException {
        AtomicReference<RuntimeException> abort = new AtomicReference<>();
        ExecutorService pool = parallel > 1 ? Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "experiment-cell");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Cell c : work.pending()) {
                if (pool == null) {
                    if (abort.get() != null) break;
                    runGuarded(engines, work, c, abort);
                } else {
                    futures.add(pool.submit(() -> runGuarded(engines, work, c, abort)));
                }
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cells", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a cell failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        if (abort.get() != null) throw abort.get();
    }

    /** Loads each distinct data section once and builds one engine of each kind the pending cells use. */
    private Map<DataConfig, DataSplit> preflight(List<Cell> pending) {
        Map<DataConfig, DataSplit> data = new HashMap<>();
        Map<EngineKind, RunConfig> kinds = new EnumMap<>(EngineKind.class);
        for (Cell c : pending) {
            data.computeIfAbsent(c.config().data(), d -> DataSplit.load(d, dataBaseDir));
            kinds.putIfAbsent(c.config().engine(), c.config());
        }
        for (Map.Entry<EngineKind, RunConfig> k : kinds.entrySet()) {
            try (TrainingEngine ignored = engines.create(k.getValue())) {
                // built and closed only to find out now whether this engine is available
            } catch (ConfigException e) {
                throw new ConfigException("engine " + k.getKey().name().toLowerCase(java.util.Locale.ROOT)
                        + " cannot be built, so no cell was run: " + e.getMessage());
            }
        }
        return data;
    }

    private static void runGuarded(EngineFactory engines, CellWork work, Cell cell, AtomicReference<RuntimeException> abort) {
        if (abort.get() != null) return;
        try {
            work.finished(runCell(engines, work, cell));
        } catch (ConfigException | DataException | RunDirectory.RunDirectoryException | RunInterruptedException e) {
            // a stop request (Ctrl-C) reaches every running cell; the first to stop is reported,
            // as in a sequential run, rather than as a cell that failed
            abort.compareAndSet(null, e);
        } catch (IOException e) {
            abort.compareAndSet(null, new java.io.UncheckedIOException(e));
        }
    }

    private static CellResult runCell(EngineFactory engines, CellWork work, Cell cell) throws IOException {
        Path cellDir = work.cellDir(cell);
        boolean resume = work.prepare(cell);
        if (!resume) RunDirectory.create(work.dir(), cell.config().name(), cellDir);
        work.listener().cellStarted(cell, work.total());
        return CellTraining.train(engines, work.stopSignal(), work.spec().source(), cell, cellDir, resume, work.command(cell),
                work.data(cell), work.listener().progress(cell, work.total()), work.watcher());
    }
}
