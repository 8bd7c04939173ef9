package bplab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
