package bplab.ui;

import bplab.config.RunConfig;
import bplab.train.Checkpoint;
import bplab.train.RunWatcher;
import bplab.train.TrainingEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Records each run's DL4J UI statistics into its run directory ({@value StatsRecorder#FILE})
 * and, when a {@link UiServer} is given, shows them live: one UI session per run, named after
 * the run directory (prefixed, e.g. by the experiment). Statistics stay attached to the
 * server until this watcher is closed, so a finished run can still be looked at.
 */
public final class UiWatcher implements RunWatcher, AutoCloseable {
    private final UiServer server;
    private final String prefix;
    private final int every;
    private final Consumer<String> announce;
    private final List<StatsRecorder> recorders = new ArrayList<>();

    /**
     * @param server   shows the sessions live, or null to record only
     * @param prefix   put before each session id (e.g. the experiment name), or null
     * @param every    report every N iterations
     * @param announce told "engine session-address" as each run starts (for the command to print)
     */
    public UiWatcher(UiServer server, String prefix, int every, Consumer<String> announce) {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1, found " + every);
        this.server = server;
        this.prefix = prefix;
        this.every = every;
        this.announce = announce;
    }

    /** The UI session id of a run: [prefix.]run-directory-name[.engine], the engine added unless the name holds it. */
    public String sessionId(Path runDir, String engine) {
        String name = runDir.toAbsolutePath().normalize().getFileName().toString();
        return SessionIds.of(prefix, name, name.contains(engine) ? null : engine);
    }

    @Override
    public synchronized Watch watch(RunConfig config, Path runDir, TrainingEngine engine) {
        if (!(engine instanceof StatsSource source)) {
            throw new IllegalArgumentException("the " + engine.name() + " engine cannot publish UI statistics");
        }
        dropReportsToRedo(runDir);
        StatsRecorder recorder = StatsRecorder.open(runDir);
        recorders.add(recorder);
        String session = sessionId(runDir, engine.name());
        source.publishStats(new StatsTarget(recorder.router(), session, engine.name(), every));
        if (server != null) {
            // The session's initialisation report is in the storage before the UI sees it, so the
            // UI knows the session when it attaches and the address printed next works at once.
            recorder.sync();
            server.attach(recorder.storage());
            announce.accept(String.format(Locale.ROOT, "%s %s", engine.name(), server.sessionAddress(session)));
        }
        return recorder::finish;
    }

    /**
     * A run directory that already holds statistics is being resumed (from its checkpoint) or
     * started again (no checkpoint): the reports of the iterations it will train again go, so that
     * its session continues from the checkpoint instead of drawing those iterations twice.
     */
    private static void dropReportsToRedo(Path runDir) {
        Path file = runDir.resolve(StatsRecorder.FILE);
        if (!Files.isRegularFile(file)) return;
        try {
            long from = Checkpoint.exists(runDir) ? Checkpoint.read(runDir).iteration() : 0;
            StatsFiles.dropReportsFrom(file, from);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot update the UI statistics for the resumed run: " + e.getMessage(), e);
        }
    }

    /** Detaches every run from the server and closes their statistics files. */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (StatsRecorder r : recorders) {
            try {
                if (server != null) server.detach(r.storage());
                r.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        recorders.clear();
        if (first != null) throw first;
    }
}
