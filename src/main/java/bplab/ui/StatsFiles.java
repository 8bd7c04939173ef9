package bplab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/** Finds and opens the UI statistics that runs recorded ({@value StatsRecorder#FILE} in each run directory). */
public final class StatsFiles {
    private StatsFiles() {}

    /**
     * The statistics file of a run directory, or those of an experiment directory's runs (its
     * immediate subdirectories, in name order); empty when there are none.
     */
    public static List<Path> find(Path dir) throws IOException {
        Path own = dir.resolve(StatsRecorder.FILE);
        if (Files.isRegularFile(own)) return List.of(own);
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(Files::isDirectory).sorted().map(c -> c.resolve(StatsRecorder.FILE))
                        .filter(Files::isRegularFile).forEach(found::add);
            }
        }
        return found;
    }

    /**
     * Removes the StatsListener reports of iteration {@code from} and later from a statistics file
     * (a run resumed from a checkpoint at {@code from} reports those iterations again, and DL4J's
     * UI would draw iterations that go backwards); everything else is kept. The file is rewritten
     * beside itself and moved over the original; it is left alone when there is nothing to drop.
     *
     * @return how many reports were removed
     */
    public static int dropReportsFrom(Path file, long from) throws IOException {
        Path copy = file.resolveSibling(file.getFileName() + ".resumed");
        Files.deleteIfExists(copy);
        int dropped = 0;
        FileStatsStorage old = open(file);
        FileStatsStorage kept = new FileStatsStorage(copy.toFile());
        try {
            for (String session : old.listSessionIDs()) {
                for (String type : old.listTypeIDsForSession(session)) {
                    StorageMetaData meta = old.getStorageMetaData(session, type);
                    if (meta != null) kept.putStorageMetaData(meta);
                    for (String worker : old.listWorkerIDsForSessionAndType(session, type)) {
                        Persistable info = old.getStaticInfo(session, type, worker);
                        if (info != null) kept.putStaticInfo(info);
                        for (Persistable update : old.getAllUpdatesAfter(session, type, worker, Long.MIN_VALUE)) {
                            if (update instanceof StatsReport r && r.getIterationCount() >= from) {
                                dropped++;
                            } else {
                                kept.putUpdate(update);
                            }
                        }
                    }
                }
            }
        } finally {
            old.close();
            kept.close();
        }
        if (dropped == 0) {
            Files.deleteIfExists(copy);
        } else {
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return dropped;
    }

    /** Opens a statistics file for reading (DL4J's storage also writes a log beside it while open). */
    public static FileStatsStorage open(Path file) {
        try {
            return new FileStatsStorage(file.toFile());
        } catch (RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UiServer.UiException(file + ": cannot open these UI statistics (" + m
                    + "); a run that is still training holds its file open: watch it with its own --ui");
        }
    }
}
